package io.talkmesh.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.talkmesh.common.asyncapi.AsyncApiDocument;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.model.Presence;
import io.talkmesh.common.push.PresenceTopic;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.common.push.ResumeFrames;
import io.talkmesh.common.push.Topic;
import io.talkmesh.common.push.Typing;
import io.talkmesh.push.delivery.Bindings;
import io.talkmesh.push.delivery.FakeSubscriber;
import io.talkmesh.push.presence.PresenceFeed;
import io.talkmesh.push.subscription.ClientFrame;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the WebSocket part of the AsyncAPI document ({@link AsyncApiDocument}, served by the gateway) true to
 * push-service both ways: the client frame types it documents are exactly those the session's parser accepts, the
 * server frames it documents (besides the event frames, checked against the event types by the gateway's
 * AsyncApiDocumentTest) are exactly those the frame builders and the presence feed write, and each written frame
 * validates against its documented payload.
 */
class AsyncApiFramesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OURS = "https://talk-mesh.test/asyncapi.json";
  /** The gateway's OpenAPI document, whose resource schemas the AsyncAPI document copies. */
  private static final Path OPENAPI = Path.of("..", "api-gateway", "src", "main", "resources", "openapi.json");

  private static JsonObject document;
  private static JsonSchemaFactory payloads;

  @BeforeAll
  static void build() throws IOException {
    document = AsyncApiDocument.build(new JsonObject(Files.readString(OPENAPI)));
    payloads = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7, builder -> builder
        .schemaLoaders(loaders -> loaders.schemas(Map.of(OURS, document.encode()))));
  }

  /** The names of the messages an operation of the push channel lists, with where their payload is. */
  private static Map<String, String> messagesOf(String operation) {
    Map<String, String> payloads = new java.util.TreeMap<>();
    document.getJsonObject("operations").getJsonObject(operation).getJsonArray("messages").forEach(m -> {
      String pointer = ((JsonObject) m).getString("$ref");
      JsonObject message = resolve(pointer);
      if (message.containsKey("$ref")) {
        pointer = message.getString("$ref");
        message = resolve(pointer);
      }
      payloads.put(message.getString("name"), pointer + "/payload");
    });
    return payloads;
  }

  private static JsonObject resolve(String ref) {
    JsonObject node = document;
    for (String part : ref.substring(2).split("/")) {
      node = node.getJsonObject(part);
    }
    return node;
  }

  @Test
  void documentedClientFramesAreExactlyTheTypesTheSessionAccepts() throws IllegalAccessException {
    Set<String> documented = messagesOf(AsyncApiDocument.CLIENT_FRAMES).keySet();
    Set<String> candidates = new TreeSet<>(documented);
    for (Class<?> type : List.of(PushFrames.class, ResumeFrames.class, Typing.class, Topic.class, PresenceTopic.class,
        ClientFrame.class, PresenceFeed.class)) {
      candidates.addAll(stringConstants(type));
    }
    Stream.of(EventType.values()).forEach(t -> candidates.add(t.wire()));
    Set<String> accepted = new TreeSet<>();
    for (String type : candidates) {
      JsonObject frame = new JsonObject().put(PushFrames.TYPE, type).put(PushFrames.TOPICS, new JsonArray())
          .put(ResumeFrames.CHAT_ID, UUID.randomUUID().toString());
      try {
        ClientFrame.parse(frame.encode());
        accepted.add(type);
      } catch (TalkException e) {
        assertThat(e.reason()).isEqualTo(ClientFrame.INVALID_FRAME);
      }
    }
    assertThat(new TreeSet<>(documented)).as("client frames of asyncapi.json vs those ClientFrame.parse accepts")
        .isEqualTo(accepted);
  }

  @Test
  void documentedClientFramesAsTheirExamplesSayAreParsed() {
    JsonObject example = document.getJsonObject("components").getJsonObject("messages").getJsonObject("subscribe")
        .getJsonArray("examples").getJsonObject(0).getJsonObject("payload");
    ClientFrame frame = ClientFrame.parse(example.encode());
    assertThat(frame.topics()).hasSize(1);
    assertThat(frame.resume()).hasSize(1);
  }

  @Test
  void documentedServerFramesAreExactlyTheFramesTheCodeWritesAndEachMatchesItsPayload() throws Exception {
    List<JsonObject> written = new ArrayList<>();
    for (Class<?> builders : List.of(PushFrames.class, ResumeFrames.class)) {
      for (Method method : builders.getMethods()) {
        if (Modifier.isStatic(method.getModifiers()) && method.getReturnType() == JsonObject.class) {
          Object[] args = Stream.of(method.getParameterTypes()).map(AsyncApiFramesTest::sample).toArray();
          written.add((JsonObject) method.invoke(null, args));
        }
      }
    }
    written.add(new Typing(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), false).toFrame());
    written.add(presenceFrame());
    Set<String> clientTypes = messagesOf(AsyncApiDocument.CLIENT_FRAMES).keySet();
    written.removeIf(frame -> clientTypes.contains(frame.getString(PushFrames.TYPE))); // subscribe(), unsubscribe()

    Map<String, String> documented = messagesOf(AsyncApiDocument.SERVER_FRAMES);
    documented.keySet().removeIf(name -> isEventFrame(name) || isTalksFrame(name));
    Set<String> writtenTypes = new TreeSet<>();
    written.forEach(f -> writtenTypes.add(f.getString(PushFrames.TYPE)));
    assertThat(new TreeSet<>(documented.keySet())).as("server frames of asyncapi.json (event frames aside) vs "
        + "those the code writes").isEqualTo(writtenTypes);
    for (JsonObject frame : written) {
      String pointer = documented.get(frame.getString(PushFrames.TYPE));
      assertThat(errors(pointer, frame)).as("%s against %s", frame.encode(), pointer).isEmpty();
    }
  }

  private static boolean isEventFrame(String name) {
    return Stream.of(EventType.values()).anyMatch(t -> t.wire().equals(name));
  }

  /** Whether a server message is one of the talks API's event frames (named by their type, without the prefix). */
  private static boolean isTalksFrame(String name) {
    return document.getJsonObject("channels").getJsonObject(AsyncApiDocument.PUSH).getJsonObject("messages")
        .containsKey(AsyncApiDocument.TALKS_FRAME + name);
  }

  /** A presence frame as the feed writes it to a subscriber. */
  private static JsonObject presenceFrame() {
    UUID customer = UUID.randomUUID();
    UUID agent = UUID.randomUUID();
    PresenceFeed feed = new PresenceFeed(new Bindings(p -> Future.succeededFuture(), p -> { }), Runnable::run);
    FakeSubscriber watcher = new FakeSubscriber(Actor.agent(customer, UUID.randomUUID(), Permission.AGENT.bit()));
    feed.subscribe(watcher);
    Instant now = Instant.now();
    feed.onEvent(new Event(UUID.randomUUID(), customer, agent, 1, EventType.AGENT_PRESENCE_UPDATED,
        new Presence(agent, customer, "available", "available", now).toJson(), "", now));
    feed.tick();
    assertThat(watcher.frames).as("the presence feed's frames").hasSize(1);
    return watcher.frames.get(0);
  }

  private static Object sample(Class<?> type) {
    if (Collection.class.isAssignableFrom(type)) {
      return List.of("agent_id:" + UUID.randomUUID() + ":chat");
    }
    if (type == TalkException.class) {
      return TalkException.invalid(Topic.INVALID_TOPIC, "topic 'x' is not a topic");
    }
    if (type == UUID.class) {
      return UUID.randomUUID();
    }
    if (type == long.class) {
      return 41L;
    }
    if (type == String.class) {
      return ResumeFrames.REASON_EVENTS_PURGED;
    }
    throw new AssertionError("no sample argument of " + type + ": extend sample() for the new frame builder");
  }

  private static Set<String> stringConstants(Class<?> type) throws IllegalAccessException {
    Set<String> values = new TreeSet<>();
    for (Field field : type.getDeclaredFields()) {
      int m = field.getModifiers();
      if (Modifier.isStatic(m) && Modifier.isFinal(m) && field.getType() == String.class) {
        field.setAccessible(true);
        values.add((String) field.get(null));
      }
    }
    return values;
  }

  private static Set<ValidationMessage> errors(String pointer, JsonObject value) throws IOException {
    return payloads.getSchema(SchemaLocation.of(OURS + pointer)).validate(JSON.readTree(value.encode()));
  }
}
