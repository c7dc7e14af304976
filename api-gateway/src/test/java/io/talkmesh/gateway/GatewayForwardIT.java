package io.talkmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.client.Routes;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.rpc.Amqp;
import io.talkmesh.common.rpc.RpcRequest;
import io.talkmesh.common.rpc.RpcResponse;
import io.talkmesh.common.rpc.RpcServer;
import io.talkmesh.common.config.AmqpConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The gateway against a real broker and a stand-in talk-manager (an RpcServer that answers from this test):
 * what the gateway sends over RPC and how it answers over HTTP.
 */
@EnabledIfEnvironmentVariable(named = "TALK_TEST_AMQP_URI", matches = ".+")
class GatewayForwardIT {
  private static final String SECRET = "a-test-secret-that-is-long-enough-0123456789";
  private static final Agent ALICE = new Agent(UUID.randomUUID(), UUID.randomUUID(), "alice", "Alice", "",
      Permission.AGENT.bit(), Instant.now(), null, null);
  private static Vertx vertx;
  private static WebClient http;
  private static String token;
  private static RpcServer talkManager;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    String uri = System.getenv("TALK_TEST_AMQP_URI");
    String prefix = "it-" + UUID.randomUUID() + ".";
    AmqpConfig amqp = new AmqpConfig(uri, prefix);
    talkManager = new RpcServer(Amqp.client(vertx, uri, "fake-talk-manager"), amqp.requestQueue(), 16,
        GatewayForwardIT::answer);
    vertx.runOnContext(v -> talkManager.start());
    GatewayConfig config = GatewayConfig.from(Map.of("TALK_HTTP_PORT", "0", "TALK_AMQP_URI", uri,
        "TALK_AMQP_PREFIX", prefix, "TALK_JWT_SECRET", SECRET, "TALK_RPC_TIMEOUT_MS", "700"));
    int port = Gateway.deploy(vertx, config).await(10, TimeUnit.SECONDS);
    http = WebClient.create(vertx, new WebClientOptions().setDefaultPort(port).setDefaultHost("127.0.0.1"));
    for (int i = 0; i < 100 && http.get("/health/ready").send().await(5, TimeUnit.SECONDS).statusCode() != 200; i++) {
      Thread.sleep(100);
    }
    token = new Jwt(vertx, SECRET, 3600).issue(ALICE);
  }

  @AfterAll
  static void stop() throws Exception {
    talkManager.stop().await(5, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** The stand-in talk-manager: logs in alice, echoes requests, refuses one chat, never answers another path. */
  private static Future<RpcResponse> answer(RpcRequest request) {
    if (request.path().equals(Routes.LOGIN)) {
      return request.body().getString("password").equals("secret")
          ? Future.succeededFuture(RpcResponse.ok(ALICE.toJson()))
          : Future.failedFuture(TalkException.unauthenticated("WRONG_CREDENTIALS", "wrong username or password"));
    }
    if (request.path().startsWith("/v1/chats/00000000-0000-0000-0000-000000000404")) {
      return Future.failedFuture(TalkException.notFound("CHAT_NOT_FOUND", "no such chat"));
    }
    if (request.path().equals("/v1/agents")) {
      return Promise.<RpcResponse>promise().future();
    }
    return Future.succeededFuture(RpcResponse.ok(new JsonObject().put("uri", request.uri())
        .put("method", request.method()).put("request_id", request.requestId())
        .put("actor", request.actor().toJson()).put("data", request.data())));
  }

  @Test
  void loginReturnsUsernameAndAVerifiableToken() throws Exception {
    HttpResponse<Buffer> response = http.post("/v1.0/auth/login")
        .sendJsonObject(new JsonObject().put("username", "alice").put("password", "secret")).await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("username")).isEqualTo("alice");
    Actor actor = new Jwt(vertx, SECRET, 3600).verify(response.bodyAsJsonObject().getString("token"))
        .await(5, TimeUnit.SECONDS);
    assertThat(actor.ownerId()).isEqualTo(ALICE.id());
  }

  @Test
  void wrongPasswordIs401() throws Exception {
    HttpResponse<Buffer> response = http.post("/v1.0/auth/login")
        .sendJsonObject(new JsonObject().put("username", "alice").put("password", "nope")).await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("reason")).isEqualTo("WRONG_CREDENTIALS");
  }

  @Test
  void listForwardsPagingAndChatIdWithTheActorAndRequestId() throws Exception {
    UUID chat = UUID.randomUUID();
    HttpResponse<Buffer> response = http.get("/v1.0/service_agents/talk_messages?chat_id=" + chat
            + "&page_size=5&page_token=a%2Bb&token=" + token + "&other=x")
        .putHeader("X-Request-Id", "req-42").send().await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject echo = response.bodyAsJsonObject();
    assertThat(echo.getString("uri")).isEqualTo("/v1/messages?page_size=5&page_token=a%2Bb&chat_id=" + chat);
    assertThat(echo.getString("method")).isEqualTo("GET");
    assertThat(echo.getString("request_id")).isEqualTo("req-42");
    assertThat(Actor.fromJson(echo.getJsonObject("actor")).ownerId()).isEqualTo(ALICE.id());
  }

  @Test
  void postForwardsTheBodyAndPathId() throws Exception {
    UUID chat = UUID.randomUUID();
    JsonObject body = new JsonObject().put("owner_type", "agent").put("owner_id", UUID.randomUUID().toString());
    HttpResponse<Buffer> response = http.post("/v1.0/service_agents/talk_chats/" + chat + "/participants")
        .bearerTokenAuthentication(token).sendJsonObject(body).await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("uri")).isEqualTo("/v1/chats/" + chat + "/participants");
    assertThat(response.bodyAsJsonObject().getJsonObject("data")).isEqualTo(body);
  }

  @Test
  void talkManagerErrorKeepsItsStatusAndReason() throws Exception {
    HttpResponse<Buffer> response = http.get("/v1.0/service_agents/talk_chats/00000000-0000-0000-0000-000000000404")
        .bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("reason")).isEqualTo("CHAT_NOT_FOUND");
  }

  @Test
  void unansweredRpcIs504() throws Exception {
    HttpResponse<Buffer> response = http.get("/v1.0/agents").bearerTokenAuthentication(token)
        .send().await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("status")).isEqualTo("DEADLINE_EXCEEDED");
  }
}
