package io.talkmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Permission;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
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

/**
 * The gateway's error contract, with no broker behind it (the AMQP URI points at a closed port): bad input is
 * answered before any RPC, and anything that needs talk-manager is 503.
 */
class GatewayErrorsTest {
  private static Vertx vertx;
  private static WebClient http;
  private static String token;

  @BeforeAll
  static void startGateway() throws Exception {
    vertx = Vertx.vertx();
    GatewayConfig config = GatewayConfig.from(Map.of(
        "TALK_HTTP_PORT", "0", "TALK_GATEWAY_MANAGEMENT_PORT", "0",
        "TALK_AMQP_URI", OfflineRouter.NO_BROKER,
        "TALK_JWT_SECRET", OfflineRouter.SECRET,
        "TALK_GATEWAY_INSTANCES", "2",
        "TALK_HTTP_BODY_LIMIT", "1024"));
    int port = Gateway.deploy(vertx, config).await(10, TimeUnit.SECONDS);
    http = WebClient.create(vertx, new WebClientOptions().setDefaultPort(port).setDefaultHost("127.0.0.1"));
    Agent agent = new Agent(UUID.randomUUID(), UUID.randomUUID(), "alice", "Alice", "", Permission.AGENT.bit(),
        Instant.now(), null, null);
    token = new Jwt(vertx, OfflineRouter.SECRET, 3600).issue(agent);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String uri, String body, boolean authenticated)
      throws Exception {
    HttpRequest<Buffer> request = http.request(method, uri);
    if (authenticated) {
      request.bearerTokenAuthentication(token);
    }
    return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await(10, TimeUnit.SECONDS);
  }

  private static JsonObject error(HttpResponse<Buffer> response) {
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error).as("error body of %s", response.bodyAsString()).isNotNull();
    assertThat(error.fieldNames()).containsExactlyInAnyOrder("status", "reason", "message", "request_id");
    assertThat(error.getString("request_id")).isNotEmpty().isEqualTo(response.getHeader("X-Request-Id"));
    return error;
  }

  @Test
  void malformedJsonBodyIs400InvalidJsonBody() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/v1.0/service_agents/talk_chats", "{\"name\": ", true);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).getString("reason")).isEqualTo("INVALID_JSON_BODY");
    assertThat(error(response).getString("status")).isEqualTo("INVALID_ARGUMENT");
  }

  @Test
  void bodyThatIsNotAnObjectIs400() throws Exception {
    for (String body : new String[] {"[]", "\"x\"", "null", "42"}) {
      HttpResponse<Buffer> response = send(HttpMethod.POST, "/v1.0/service_agents/talk_messages", body, true);
      assertThat(response.statusCode()).as("body %s", body).isEqualTo(400);
      assertThat(error(response).getString("reason")).isEqualTo("INVALID_JSON_BODY");
    }
  }

  @Test
  void emptyBodyIs400() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/v1.0/agents", null, true);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).getString("reason")).isEqualTo("INVALID_JSON_BODY");
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    String big = new JsonObject().put("text", "x".repeat(4096)).encode();
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/v1.0/service_agents/talk_messages", big, true);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(error(response).getString("reason")).isEqualTo("BODY_TOO_LARGE");
  }

  @Test
  void missingTokenIs401AuthenticationRequired() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.GET, "/v1.0/service_agents/talk_chats", null, false);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(error(response).getString("reason")).isEqualTo("AUTHENTICATION_REQUIRED");
    assertThat(error(response).getString("status")).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void invalidTokenIs401InvalidToken() throws Exception {
    HttpResponse<Buffer> response = http.get("/v1.0/agents").bearerTokenAuthentication(token + "x")
        .send().await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(error(response).getString("reason")).isEqualTo("INVALID_TOKEN");
  }

  @Test
  void tokenFromQueryOrCookieIsAccepted() throws Exception {
    HttpResponse<Buffer> byQuery = http.get("/v1.0/agents?token=" + token).send().await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> byCookie = http.get("/v1.0/agents").putHeader("Cookie", "token=" + token)
        .send().await(10, TimeUnit.SECONDS);
    // authenticated, then refused for the missing broker: not a 401
    assertThat(byQuery.statusCode()).isEqualTo(503);
    assertThat(byCookie.statusCode()).isEqualTo(503);
  }

  @Test
  void unknownRouteIs404() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.GET, "/v1.0/nothing/here", null, false);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(error(response).getString("status")).isEqualTo("NOT_FOUND");
  }

  @Test
  void unsupportedMethodIs405() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.DELETE, "/v1.0/agents", null, true);
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(error(response).getString("reason")).isEqualTo("METHOD_NOT_ALLOWED");
  }

  @Test
  void pathIdThatIsNotAUuidIs400InvalidId() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.GET, "/v1.0/service_agents/talk_chats/not-a-uuid/participants",
        null, true);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).getString("reason")).isEqualTo("INVALID_ID");
  }

  @Test
  void chatIdQueryThatIsNotAUuidIs400InvalidId() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.GET, "/v1.0/service_agents/talk_messages?chat_id=42", null, true);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).getString("reason")).isEqualTo("INVALID_ID");
  }

  @Test
  void unreachableBrokerIs503Unavailable() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.GET, "/v1.0/agents/" + UUID.randomUUID(), null, true);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(error(response).getString("status")).isEqualTo("UNAVAILABLE");
  }

  @Test
  void loginWithoutPasswordIs400BeforeAnyRpc() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/v1.0/auth/login", "{\"username\":\"alice\"}", false);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).getString("reason")).isEqualTo("MISSING_FIELD");
  }

  @Test
  void callersRequestIdIsEchoedInHeaderAndErrorBody() throws Exception {
    HttpResponse<Buffer> response = http.get("/v1.0/agents").putHeader("X-Request-Id", "req-123")
        .send().await(10, TimeUnit.SECONDS);
    assertThat(response.getHeader("X-Request-Id")).isEqualTo("req-123");
    assertThat(error(response).getString("request_id")).isEqualTo("req-123");
  }

  @Test
  void livenessIs200AndReadinessIs503WithoutBroker() throws Exception {
    assertThat(send(HttpMethod.GET, "/health/live", null, false).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> ready = send(HttpMethod.GET, "/health/ready", null, false);
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.bodyAsJsonObject().getString("outcome")).isEqualTo("DOWN");
    assertThat(ready.bodyAsJsonObject().getJsonArray("checks").getJsonObject(0).getString("id")).isEqualTo("broker");
  }
}
