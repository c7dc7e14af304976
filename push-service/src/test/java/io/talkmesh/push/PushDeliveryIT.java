package io.talkmesh.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.client.Routes;
import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.common.push.Topic;
import io.talkmesh.common.rpc.Amqp;
import io.talkmesh.common.rpc.RpcRequest;
import io.talkmesh.common.rpc.RpcResponse;
import io.talkmesh.common.rpc.RpcServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.rabbitmq.RabbitMQClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * push-service against a real broker: events published on the exchange reach the right sockets, membership follows
 * participant events, duplicates are dropped. talk-manager is stood in for by an RpcServer answering
 * {@code GET /v1/participants} from this test.
 */
@EnabledIfEnvironmentVariable(named = "TALK_TEST_AMQP_URI", matches = ".+")
class PushDeliveryIT {
  private static final String SECRET = "a-test-secret-that-is-long-enough-0123456789";
  private final UUID customer = UUID.randomUUID();
  private final UUID chatA = UUID.randomUUID();
  private final UUID chatB = UUID.randomUUID();
  private final Agent alice = agent("alice");
  private final Map<UUID, Long> seqs = new HashMap<>();
  private Vertx vertx;
  private RpcServer talkManager;
  private RabbitMQClient publisher;
  private AmqpConfig amqp;
  private int port;

  private Agent agent(String name) {
    return new Agent(UUID.randomUUID(), customer, name, name, "", Permission.AGENT.bit(), Instant.now(), null, null);
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    String uri = System.getenv("TALK_TEST_AMQP_URI");
    amqp = new AmqpConfig(uri, "it-" + UUID.randomUUID() + ".");
    talkManager = new RpcServer(Amqp.client(vertx, uri, "fake-talk-manager"), amqp.requestQueue(), 16,
        this::answer);
    vertx.runOnContext(v -> talkManager.start());
    port = PushService.deploy(vertx, PushConfig.from(Map.of("TALK_WS_PORT", "0", "TALK_AMQP_URI", uri,
        "TALK_AMQP_PREFIX", amqp.prefix(), "TALK_JWT_SECRET", SECRET))).await(10, TimeUnit.SECONDS);
    publisher = RabbitMQClient.create(vertx, new io.vertx.rabbitmq.RabbitMQOptions().setUri(uri));
    publisher.start().await(10, TimeUnit.SECONDS);
    publisher.exchangeDeclare(amqp.eventExchange(), "topic", true, false).await(10, TimeUnit.SECONDS);
    WebClient http = WebClient.create(vertx);
    for (int i = 0; i < 100 && http.get(port, "127.0.0.1", "/health/ready").send().await(5, TimeUnit.SECONDS)
        .statusCode() != 200; i++) {
      Thread.sleep(100);
    }
  }

  @AfterEach
  void stop() throws Exception {
    publisher.stop().await(5, TimeUnit.SECONDS);
    talkManager.stop().await(5, TimeUnit.SECONDS);
    vertx.close().await(15, TimeUnit.SECONDS);
  }

  private Future<RpcResponse> answer(RpcRequest request) {
    if (!request.path().equals(Routes.PARTICIPANTS)) {
      return Future.succeededFuture(RpcResponse.ok(new JsonObject()));
    }
    UUID agentId = request.requireActor().ownerId();
    JsonArray rows = new JsonArray();
    if (agentId.equals(alice.id())) {
      rows.add(participant(alice.id(), chatA).toJson());
    }
    return Future.succeededFuture(RpcResponse.ok(rows));
  }

  private Participant participant(UUID agentId, UUID chatId) {
    return new Participant(UUID.randomUUID(), customer, Agent.OWNER_TYPE, agentId, chatId, Instant.now());
  }

  private Event publish(UUID chatId, EventType type, JsonObject data) throws Exception {
    long seq = seqs.merge(chatId, 1L, Long::sum);
    Event event = new Event(UUID.randomUUID(), customer, chatId, seq, type, data, "", Instant.now());
    publish(event);
    return event;
  }

  private void publish(Event event) throws Exception {
    publisher.basicPublish(amqp.eventExchange(), event.routingKey(), event.properties(), event.body())
        .await(10, TimeUnit.SECONDS);
  }

  private JsonObject message(UUID chatId, String text) {
    return new JsonObject().put("chat_id", chatId.toString()).put("text", text);
  }

  private BlockingQueue<JsonObject> connect(Agent agent) throws Exception {
    String token = new Jwt(vertx, SECRET, 3600).issue(agent);
    BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    WebSocket socket = vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(port).setURI("/v1.0/ws").addHeader("Authorization", "Bearer " + token)).await(10, TimeUnit.SECONDS);
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.writeTextMessage(PushFrames.subscribe(List.of(Topic.agentChats(agent.id()))).encode());
    assertThat(next(frames).getString("type")).isEqualTo(PushFrames.SUBSCRIBED);
    return frames;
  }

  private static JsonObject next(BlockingQueue<JsonObject> frames) throws InterruptedException {
    JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
    assertThat(frame).as("a frame within 10 s").isNotNull();
    return frame;
  }

  @Test
  void participantReceivesItsChatsEventsAndChatsItIsAddedToLater() throws Exception {
    BlockingQueue<JsonObject> frames = connect(alice);
    publish(chatB, EventType.CHATMESSAGE_CREATED, message(chatB, "not for alice"));
    publish(chatA, EventType.CHATMESSAGE_CREATED, message(chatA, "hello"));
    JsonObject first = next(frames);
    assertThat(first.getString("type")).isEqualTo("chatmessage_created");
    assertThat(first.getLong("seq")).isEqualTo(1L);
    assertThat(first.getJsonObject("data").getString("text")).isEqualTo("hello");

    publish(chatB, EventType.CHATPARTICIPANT_ADDED, participant(alice.id(), chatB).toJson());
    publish(chatB, EventType.CHATMESSAGE_CREATED, message(chatB, "welcome"));
    assertThat(next(frames).getString("type")).isEqualTo("chatparticipant_added");
    assertThat(next(frames).getJsonObject("data").getString("text")).isEqualTo("welcome");
  }

  @Test
  void redeliveredEventIsPushedOnce() throws Exception {
    BlockingQueue<JsonObject> frames = connect(alice);
    Event hello = publish(chatA, EventType.CHATMESSAGE_CREATED, message(chatA, "hello"));
    publish(hello);
    publish(chatA, EventType.CHATMESSAGE_CREATED, message(chatA, "after"));
    assertThat(next(frames).getLong("seq")).isEqualTo(1L);
    assertThat(next(frames).getLong("seq")).isEqualTo(2L);
  }

  @Test
  void removedParticipantGetsItsRemovalThenNothingOfThatChat() throws Exception {
    BlockingQueue<JsonObject> frames = connect(alice);
    publish(chatA, EventType.CHATPARTICIPANT_REMOVED, participant(alice.id(), chatA).toJson());
    publish(chatA, EventType.CHATMESSAGE_CREATED, message(chatA, "gone"));
    publish(chatB, EventType.CHATPARTICIPANT_ADDED, participant(alice.id(), chatB).toJson());
    assertThat(next(frames).getString("type")).isEqualTo("chatparticipant_removed");
    assertThat(next(frames).getString("type")).isEqualTo("chatparticipant_added");
  }
}
