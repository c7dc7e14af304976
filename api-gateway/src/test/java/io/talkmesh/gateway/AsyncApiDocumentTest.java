package io.talkmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.talkmesh.common.asyncapi.AsyncApiDocument;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Presence;
import io.talkmesh.common.operation.Caller;
import io.talkmesh.common.operation.Operation;
import io.talkmesh.common.operation.Operations;
import io.talkmesh.common.operation.Param;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.common.push.ResumeFrames;
import io.talkmesh.common.push.Typing;
import io.talkmesh.common.rpc.RpcRequest;
import io.talkmesh.common.rpc.RpcResponse;
import io.talkmesh.common.talks.TalksJson;
import io.talkmesh.gateway.http.AsyncApiRoutes;
import io.talkmesh.gateway.http.OpenApiRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps {@code /v1.0/asyncapi.json} a valid AsyncAPI 3.0 document and true to the code, both ways: validated against
 * the official AsyncAPI 3.0.0 JSON Schema (vendored, src/test/resources/asyncapi/README.md) by networknt's validator,
 * which is shown to refuse broken copies; its RPC operations are exactly the catalogue's, its event messages exactly
 * the event types, its close codes exactly the code's; envelopes, event bodies and frames the code builds validate
 * against the message payloads documented for them. push-service's {@code AsyncApiFramesTest} checks the WebSocket
 * frames against the session's own parser and presence feed.
 */
class AsyncApiDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OFFICIAL = "https://asyncapi.test/3.0.0.json";
  private static final String OURS = "https://talk-mesh.test/asyncapi.json";
  private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
      .pathType(PathType.JSON_POINTER).formatAssertionsEnabled(true).build();

  private static Vertx vertx;
  private static JsonObject document;
  private static JsonNode officialSchema;
  private static JsonSchemaFactory payloads;

  @BeforeAll
  static void load() throws IOException {
    vertx = Vertx.vertx();
    document = new JsonObject(AsyncApiRoutes.document());
    try (InputStream in = AsyncApiDocumentTest.class.getClassLoader()
        .getResourceAsStream("asyncapi/asyncapi-3.0.0.schema.json")) {
      assertThat(in).as("the vendored AsyncAPI 3.0.0 schema").isNotNull();
      officialSchema = JSON.readTree(in);
    }
    payloads = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7, builder -> builder
        .schemaLoaders(loaders -> loaders.schemas(Map.of(OURS, document.encode()))));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** The document's errors under the official schema (a fresh factory: the document is not cached by iri). */
  private static Set<ValidationMessage> asyncApiErrors(JsonObject doc) throws IOException {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7, builder -> builder
        .schemaLoaders(loaders -> loaders.schemas(Map.of(OFFICIAL, officialSchema.toString()))));
    JsonSchema schema = factory.getSchema(SchemaLocation.of(OFFICIAL), CONFIG);
    return schema.validate(JSON.readTree(doc.encode()));
  }

  @Test
  void documentIsValidAsyncApi300() throws IOException {
    assertThat(document.getString("asyncapi")).isEqualTo("3.0.0");
    assertThat(asyncApiErrors(document)).as("errors of asyncapi.json under the AsyncAPI 3.0.0 schema").isEmpty();
  }

  static Stream<Arguments> brokenCopies() {
    return Stream.of(
        broken("no info", doc -> doc.remove("info")),
        broken("an AsyncAPI 2 action", doc -> doc.getJsonObject("operations").getJsonObject("messages.send")
            .put("action", "publish")),
        broken("a channel address that is a number", doc -> doc.getJsonObject("channels")
            .getJsonObject(AsyncApiDocument.EVENTS).put("address", 42)),
        broken("an unknown top-level field", doc -> doc.put("topics", new JsonObject())),
        broken("an operation without its channel", doc -> doc.getJsonObject("operations")
            .getJsonObject(AsyncApiDocument.PUBLISH_EVENTS).remove("channel")),
        broken("an AMQP exchange of an unknown type", doc -> doc.getJsonObject("channels")
            .getJsonObject(AsyncApiDocument.EVENTS).getJsonObject("bindings").getJsonObject("amqp")
            .getJsonObject("exchange").put("type", "broadcast")),
        broken("a payload schema whose type is not a JSON type", doc -> doc.getJsonObject("components")
            .getJsonObject("schemas").getJsonObject("SubscribeFrame").put("type", "frame")));
  }

  private static Arguments broken(String what, Consumer<JsonObject> breakIt) {
    return Arguments.of(what, breakIt);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenCopies")
  void validatorRefusesABrokenCopy(String what, Consumer<JsonObject> breakIt) throws IOException {
    JsonObject copy = document.copy();
    breakIt.accept(copy);
    assertThat(asyncApiErrors(copy)).as("errors of a copy with %s", what).isNotEmpty();
  }

  @Test
  void everyReferenceResolves() {
    List<String> broken = new java.util.ArrayList<>();
    collectRefs(document, broken);
    assertThat(broken).as("$refs that point nowhere in asyncapi.json").isEmpty();
  }

  private static void collectRefs(Object json, List<String> broken) {
    if (json instanceof JsonObject object) {
      String ref = object.getString("$ref");
      if (ref != null && resolve(ref) == null) {
        broken.add(ref);
      }
      object.forEach(e -> collectRefs(e.getValue(), broken));
    } else if (json instanceof JsonArray array) {
      array.forEach(item -> collectRefs(item, broken));
    }
  }

  /** The value a local reference points at, or null. */
  private static Object resolve(String ref) {
    if (!ref.startsWith("#/")) {
      return null;
    }
    Object node = document;
    for (String part : ref.substring(2).split("/")) {
      node = node instanceof JsonObject o ? o.getValue(part.replace("~1", "/").replace("~0", "~")) : null;
    }
    return node;
  }

  @Test
  void everyOperationsMessagesAreMessagesOfItsChannel() {
    List<String> problems = new java.util.ArrayList<>();
    JsonObject operations = document.getJsonObject("operations");
    for (String id : operations.fieldNames()) {
      JsonObject op = operations.getJsonObject(id);
      checkMessagesOf(id, op.getJsonObject("channel"), op.getJsonArray("messages"), problems);
      if (op.getJsonObject("reply") != null) {
        checkMessagesOf(id + " reply", op.getJsonObject("reply").getJsonObject("channel"),
            op.getJsonObject("reply").getJsonArray("messages"), problems);
      }
    }
    assertThat(problems).as("operation messages outside their channel").isEmpty();
  }

  private static void checkMessagesOf(String id, JsonObject channel, JsonArray messages, List<String> problems) {
    String prefix = channel.getString("$ref") + "/messages/";
    messages.forEach(m -> {
      String ref = ((JsonObject) m).getString("$ref");
      if (!ref.startsWith(prefix) || ref.substring(prefix.length()).contains("/")) {
        problems.add(id + ": " + ref);
      }
    });
  }

  @Test
  void rpcOperationsAreExactlyTheCatalogues() {
    Map<String, String> documented = new TreeMap<>();
    document.getJsonObject("operations").forEach(e -> {
      JsonObject op = (JsonObject) e.getValue();
      if (op.getJsonObject("channel").getString("$ref").equals("#/channels/" + AsyncApiDocument.RPC_REQUESTS)) {
        documented.put(e.getKey(), op.getString("x-method") + " " + op.getString("x-path") + " "
            + op.getString("x-caller") + " " + op.getString("x-response"));
      }
    });
    Map<String, String> catalogue = Operations.ALL.stream().collect(Collectors.toMap(Operation::name,
        op -> op.method() + " " + op.path() + " " + op.caller().name().toLowerCase() + " " + op.response().schema(),
        (a, b) -> a, TreeMap::new));
    assertThat(documented).as("RPC operations of asyncapi.json vs Operations.ALL").isEqualTo(catalogue);
    assertThat(channelMessages(AsyncApiDocument.RPC_REQUESTS)).as("request messages")
        .isEqualTo(names(catalogue.keySet(), ".request"));
    assertThat(channelMessages(AsyncApiDocument.RPC_REPLIES)).as("reply messages")
        .isEqualTo(names(catalogue.keySet(), ".reply"));
  }

  private static Set<String> names(Set<String> operations, String suffix) {
    return operations.stream().map(n -> n + suffix).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> channelMessages(String channel) {
    return new TreeSet<>(document.getJsonObject("channels").getJsonObject(channel).getJsonObject("messages")
        .fieldNames());
  }

  @Test
  void eventMessagesAreExactlyTheEventTypes() {
    Set<String> wires = Stream.of(EventType.values()).map(EventType::wire).collect(Collectors.toCollection(TreeSet::new));
    assertThat(channelMessages(AsyncApiDocument.EVENTS)).as("event messages vs EventType").isEqualTo(wires);
    JsonArray routingTypes = document.getJsonObject("channels").getJsonObject(AsyncApiDocument.EVENTS)
        .getJsonObject("parameters").getJsonObject("event_type").getJsonArray("enum");
    assertThat(new TreeSet<>(routingTypes.getList())).as("the routing key's event_type values").isEqualTo(wires);
  }

  @Test
  void eventFramesAreTheTalkAndTalksFramesOfEveryEventTypePushForwards() {
    Set<String> expected = new TreeSet<>();
    for (EventType type : EventType.values()) {
      if (type.presence() || type.internal()) {
        continue; // presence frames are their own; internal events are pushed to nobody
      }
      expected.add(type.wire());
      for (String action : List.of("", TalksJson.ADDED, TalksJson.REMOVED)) {
        JsonObject data = action.isEmpty() ? new JsonObject() : new JsonObject().put(TalksJson.REACTION_CHANGE,
            new JsonObject().put(TalksJson.ACTION, action));
        expected.add(AsyncApiDocument.TALKS_FRAME + TalksJson.eventName(type, data));
      }
    }
    Set<String> documented = new TreeSet<>(channelMessages(AsyncApiDocument.PUSH));
    documented.removeIf(name -> !name.startsWith(AsyncApiDocument.TALKS_FRAME)
        && Stream.of(EventType.values()).noneMatch(t -> t.wire().equals(name)));
    assertThat(documented).as("event frames of the push channel").isEqualTo(expected);
  }

  @Test
  void closeCodesAreExactlyTheCodesOfTheFrameClasses() throws IllegalAccessException {
    Set<Integer> code = new TreeSet<>();
    for (Class<?> frames : List.of(PushFrames.class, ResumeFrames.class)) {
      for (Field field : frames.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == short.class
            && field.getName().startsWith("CLOSE_")) {
          code.add((int) field.getShort(null));
        }
      }
    }
    Set<Integer> documented = document.getJsonObject("channels").getJsonObject(AsyncApiDocument.PUSH)
        .getJsonArray(AsyncApiDocument.CLOSE_CODES).stream().map(c -> ((JsonObject) c).getInteger("code"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(documented).as("x-close-codes vs the CLOSE_* codes of PushFrames and ResumeFrames").isEqualTo(code);
  }

  @Test
  void requestsTheTypedClientWouldSendMatchTheirOperationsMessage() {
    Actor actor = Actor.agent(UUID.randomUUID(), UUID.randomUUID(), 16);
    for (Operation<?, ?> op : Operations.ALL) {
      Map<String, String> path = new LinkedHashMap<>();
      op.pathParams().forEach(p -> path.put(p, UUID.randomUUID().toString()));
      Map<String, String> query = new LinkedHashMap<>();
      op.query().forEach(p -> query.put(p.name(), p.type() == Param.Type.INTEGER ? "10" : "a b"));
      RpcRequest request = RpcRequest.of(op.method(), op.uri(path, query), op.body() ? new JsonObject() : null,
          op.caller() == Caller.AGENT ? actor : null, "api-gateway", "req-1");
      assertValid("#/channels/rpcRequests/messages/" + op.name() + ".request/payload",
          new JsonObject(request.toBuffer()));
      if (op.caller() == Caller.AGENT) {
        RpcRequest withoutActor = RpcRequest.of(op.method(), op.uri(path, query), null, null, "api-gateway", "r");
        assertThat(errors("#/channels/rpcRequests/messages/" + op.name() + ".request/payload",
            new JsonObject(withoutActor.toBuffer()))).as("%s without an actor", op.name()).isNotEmpty();
      }
    }
  }

  @Test
  void aRequestOnAnotherPathDoesNotMatchTheOperationsMessage() {
    RpcRequest request = RpcRequest.of("GET", "/v1/chats/" + UUID.randomUUID() + "/extra", null,
        Actor.agent(UUID.randomUUID(), UUID.randomUUID(), 16), "api-gateway", "r");
    assertThat(errors("#/channels/rpcRequests/messages/" + Operations.GET_CHAT.name() + ".request/payload",
        new JsonObject(request.toBuffer()))).isNotEmpty();
  }

  @Test
  void anErrorReplyMatchesEveryReplyMessage() {
    Buffer reply = RpcResponse.error(TalkException.notFound("CHAT_NOT_FOUND", "chat %s not found", "x")).toBuffer();
    for (Operation<?, ?> op : Operations.ALL) {
      assertValid("#/channels/rpcReplies/messages/" + op.name() + ".reply/payload", new JsonObject(reply));
    }
  }

  @Test
  void aPresenceEventAsTalkManagerPublishesItMatchesItsMessage() {
    UUID customer = UUID.randomUUID();
    UUID agent = UUID.randomUUID();
    Presence change = new Presence(agent, customer, "online", "available", Instant.now());
    Event event = new Event(UUID.randomUUID(), customer, agent, 3, EventType.AGENT_PRESENCE_UPDATED, change.toJson(),
        "req-1", Instant.now());
    String message = "#/channels/events/messages/" + EventType.AGENT_PRESENCE_UPDATED.wire();
    assertValid(message + "/payload", new JsonObject(event.body()));
    assertValid(message + "/headers", new JsonObject(event.properties("00-0af7651916cd43dd8448eb211c80319c-"
        + "b7ad6b7169203331-01").getHeaders()));
    assertThat(errors(message + "/payload", new JsonObject(event.body()).put("type", "chat_read")))
        .as("a presence body named as another type").isNotEmpty();
  }

  @Test
  void theControlFramesTheCodeBuildsMatchTheirMessages() {
    UUID chat = UUID.randomUUID();
    TalkException refused = TalkException.invalid("INVALID_TOPIC", "bad topic");
    Map<String, JsonObject> frames = Map.of(
        PushFrames.SUBSCRIBE, PushFrames.subscribe(List.of("agent_id:" + UUID.randomUUID() + ":chat")),
        PushFrames.UNSUBSCRIBE, PushFrames.unsubscribe(List.of("customer_id:" + UUID.randomUUID() + ":presence")),
        PushFrames.SUBSCRIBED, PushFrames.subscribed(List.of("agent_id:x:chat")),
        PushFrames.UNSUBSCRIBED, PushFrames.unsubscribed(List.of()),
        PushFrames.ERROR, PushFrames.error("agent_id:x", refused),
        ResumeFrames.RESUMED, ResumeFrames.resumed(chat, 41),
        ResumeFrames.RESET, ResumeFrames.reset(chat, ResumeFrames.REASON_EVENTS_PURGED, "purged"),
        Typing.FRAME, new Typing(UUID.randomUUID(), chat, UUID.randomUUID(), true).toFrame());
    frames.forEach((type, frame) -> {
      assertThat(frame.getString(PushFrames.TYPE)).isEqualTo(type);
      assertValid("#/components/messages/" + type + "/payload", frame);
    });
    assertThat(errors("#/components/messages/subscribe/payload", PushFrames.subscribe(List.of("agent_id:me:chat"))))
        .as("a subscribe frame with a malformed topic").isNotEmpty();
  }

  @Test
  void asyncApiRouteServesTheDocumentWithoutAToken() throws Exception {
    Router router = OfflineRouter.create(vertx, "asyncapi-test");
    HttpServer server = OfflineRouter.serve(vertx, router);
    WebClient http = OfflineRouter.client(vertx, server);
    try {
      HttpResponse<Buffer> response = http.get(AsyncApiRoutes.PATH).send().await(10, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).startsWith("application/json");
      assertThat(response.bodyAsJsonObject()).isEqualTo(document);
      JsonObject openApi = new JsonObject(OpenApiRoutes.document());
      assertThat(document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Message"))
          .as("the Message schema, copied from openapi.json")
          .isEqualTo(openApi.getJsonObject("components").getJsonObject("schemas").getJsonObject("Message"));
    } finally {
      http.close();
      server.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static void assertValid(String pointer, JsonObject value) {
    assertThat(errors(pointer, value)).as("%s against asyncapi.json %s", value.encode(), pointer).isEmpty();
  }

  private static Set<ValidationMessage> errors(String pointer, JsonObject value) {
    try {
      return payloads.getSchema(SchemaLocation.of(OURS + pointer), CONFIG).validate(JSON.readTree(value.encode()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
