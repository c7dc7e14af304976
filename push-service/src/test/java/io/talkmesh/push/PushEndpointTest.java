package io.talkmesh.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.common.push.Topic;
import io.talkmesh.push.session.WebSocketEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket endpoint with no broker behind it (the AMQP URI points at a closed port): authentication before the
 * upgrade, error frames that keep the connection open, and the restart close code.
 */
class PushEndpointTest {
  private static final String SECRET = "a-test-secret-that-is-long-enough-0123456789";
  private Vertx server;
  private Vertx client;
  private int port;
  private Agent agent;
  private String token;

  @BeforeEach
  void start() throws Exception {
    server = Vertx.vertx();
    client = Vertx.vertx();
    // random ports, management's too: a test's instance still stopping never holds the next one's port
    PushConfig config = PushConfig.from(Map.of("TALK_WS_PORT", "0", "TALK_PUSH_MANAGEMENT_PORT", "0",
        "TALK_JWT_SECRET", SECRET, "TALK_AMQP_URI", "amqp://guest:guest@127.0.0.1:1"));
    UUID customer = UUID.randomUUID();
    // no broker here: the agent's access is given (live, permission 16), so sessions open
    port = PushService.start(server, config, talkManager -> io.talkmesh.common.auth.AgentAccess.uncached(id ->
        io.vertx.core.Future.succeededFuture(new io.talkmesh.common.auth.AccessState(id, customer,
            Permission.AGENT.bit(), false, 0, null, 1)))).await(10, TimeUnit.SECONDS).ws();
    agent = new Agent(UUID.randomUUID(), customer, "alice", "Alice", "", Permission.AGENT.bit(),
        Instant.now(), null, null);
    token = new Jwt(client, SECRET, 3600).issue(agent);
  }

  @AfterEach
  void stop() throws Exception {
    client.close().await(30, TimeUnit.SECONDS); // its WebSocket's close may wait for the stopping server (seen once)
    if (server != null) {
      // each stop step is bounded by 3 s (PushVerticle.stop); a stop that needs them all, seen once in CI with the
      // broker unreachable, must not fail the test that ran before it
      server.close().await(30, TimeUnit.SECONDS);
    }
  }

  private record Connection(WebSocket socket, BlockingQueue<JsonObject> frames) {
    JsonObject next() throws InterruptedException {
      JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
      assertThat(frame).as("a frame within 10 s").isNotNull();
      return frame;
    }

    void send(Object frame) {
      socket.writeTextMessage(frame.toString());
    }
  }

  private Connection connect(String uri) throws Exception {
    WebSocketClient ws = client.createWebSocketClient();
    BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    WebSocket socket = ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
        .await(10, TimeUnit.SECONDS);
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    return new Connection(socket, frames);
  }

  @Test
  void upgradeWithoutTokenIsRefusedWith401() {
    for (String path : WebSocketEndpoint.PATHS) {
      Throwable refused = catchFailure(() -> connect(path));
      assertThat(refused).as(path).isInstanceOf(UpgradeRejectedException.class);
      assertThat(((UpgradeRejectedException) refused).getStatus()).as(path).isEqualTo(401);
    }
  }

  @Test
  void upgradeWithBadTokenIsRefusedWith401JsonBody() throws Exception {
    for (String path : WebSocketEndpoint.PATHS) {
      Throwable refused = catchFailure(() -> connect(path + "?token=" + token + "x"));
      assertThat(((UpgradeRejectedException) refused).getStatus()).as(path).isEqualTo(401);
      HttpResponse<Buffer> plain = WebClient.create(client).get(port, "127.0.0.1", path + "?token=bad")
          .send().await(10, TimeUnit.SECONDS);
      assertThat(plain.statusCode()).as(path).isEqualTo(401);
      assertThat(plain.bodyAsJsonObject().getJsonObject("error").getString("reason")).as(path)
          .isEqualTo("INVALID_TOKEN");
    }
  }

  @Test
  void malformedFrameIsAnsweredWithInvalidFrameAndTheConnectionStaysOpen() throws Exception {
    Connection c = connect("/v1.0/ws?token=" + token);
    c.send("not json");
    assertThat(c.next()).isEqualTo(new JsonObject().put("type", "error").put("reason", "INVALID_FRAME")
        .put("message", "a frame must be a JSON object"));
    c.send(new JsonObject().put("type", "dance"));
    assertThat(c.next().getString("reason")).isEqualTo("INVALID_FRAME");
    assertThat(c.socket().isClosed()).isFalse();
  }

  @Test
  void forbiddenTopicIsRefusedByNameAndTheConnectionStaysOpen() throws Exception {
    Connection c = connect("/v1.0/service_agents/ws?token=" + token);
    String other = Topic.agentChats(UUID.randomUUID()).toString();
    String customer = Topic.customerChats(agent.customerId()).toString();
    c.send(PushFrames.subscribe(List.of(other, customer, "garbage")));
    JsonObject first = c.next();
    assertThat(first.getString("type")).isEqualTo("error");
    assertThat(first.getString("topic")).isEqualTo(other);
    assertThat(first.getString("reason")).isEqualTo("TOPIC_NOT_ALLOWED");
    assertThat(c.next().getString("topic")).isEqualTo(customer);
    assertThat(c.next().getString("reason")).isEqualTo("INVALID_TOPIC");
    assertThat(c.socket().isClosed()).isFalse();
  }

  @Test
  void subscribeWhileTheBrokerIsDownIsAnErrorFrameNotAClose() throws Exception {
    Connection c = connect("/v1.0/ws?token=" + token);
    String mine = Topic.agentChats(agent.id()).toString();
    c.send(PushFrames.subscribe(List.of(mine)));
    JsonObject error = c.next();
    assertThat(error.getString("type")).isEqualTo("error");
    assertThat(error.getString("topic")).isEqualTo(mine);
    assertThat(c.socket().isClosed()).isFalse();
  }

  @Test
  void readinessIs503WithoutBroker() throws Exception {
    HttpResponse<Buffer> ready = WebClient.create(client).get(port, "127.0.0.1", "/health/ready")
        .send().await(10, TimeUnit.SECONDS);
    assertThat(ready.statusCode()).isEqualTo(503);
    HttpResponse<Buffer> live = WebClient.create(client).get(port, "127.0.0.1", "/health/live")
        .send().await(10, TimeUnit.SECONDS);
    assertThat(live.statusCode()).isEqualTo(200);
  }

  @Test
  void stoppingTheServiceClosesSocketsWith1012() throws Exception {
    Connection c = connect("/v1.0/ws?token=" + token);
    BlockingQueue<Short> closed = new LinkedBlockingQueue<>();
    c.socket().closeHandler(v -> closed.add(c.socket().closeStatusCode()));
    server.close().await(15, TimeUnit.SECONDS);
    server = null;
    assertThat(closed.poll(10, TimeUnit.SECONDS)).isEqualTo(PushFrames.CLOSE_SERVICE_RESTART);
    assertThat(c.socket().closeReason()).isEqualTo(PushFrames.CLOSE_SERVICE_RESTART_REASON);
  }

  private interface Call {
    void run() throws Exception;
  }

  private static Throwable catchFailure(Call call) {
    try {
      call.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected the upgrade to be refused");
  }
}
