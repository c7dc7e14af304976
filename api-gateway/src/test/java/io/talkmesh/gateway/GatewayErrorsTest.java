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
  private static int port;

  @BeforeAll
  static void startGateway() throws Exception {
    vertx = Vertx.vertx();
    GatewayConfig config = GatewayConfig.from(Map.of(
        "TALK_HTTP_PORT", "0", "TALK_GATEWAY_MANAGEMENT_PORT", "0",
        "TALK_AMQP_URI", OfflineRouter.NO_BROKER,
        "TALK_JWT_SECRET", OfflineRouter.SECRET,
        "TALK_GATEWAY_INSTANCES", "2",
        "TALK_HTTP_BODY_LIMIT", "1024"));
    UUID customer = UUID.randomUUID();
    // no broker here: the agent's access is given (live, permission 16), so requests reach the checks under test
    port = Gateway.start(vertx, config, talkManager -> io.talkmesh.common.auth.AgentAccess.uncached(id ->
            io.vertx.core.Future.succeededFuture(new io.talkmesh.common.auth.AccessState(id, customer,
                Permission.AGENT.bit(), false, 0, null, 1))))
        .await(10, TimeUnit.SECONDS).http();
    http = WebClient.create(vertx, new WebClientOptions().setDefaultPort(port).setDefaultHost("127.0.0.1"));
    Agent agent = new Agent(UUID.randomUUID(), customer, "alice", "Alice", "", Permission.AGENT.bit(),
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

  /** A POST to {@code uri} whose body is declared as {@code type}, with no token (callers add one). */
  private static HttpRequest<Buffer> typed(String uri, String type) {
    return http.request(HttpMethod.POST, uri).putHeader("Content-Type", type);
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, String body) throws Exception {
    return request.sendBuffer(Buffer.buffer(body)).await(10, TimeUnit.SECONDS);
  }

  @Test
  void aJsonBodySentAsAFormOrAnyOtherTypeIsReadAsJson() throws Exception {
    // what curl -d sends; the missing password shows the body was read as JSON (and a % did not break a form decoder)
    for (String type : new String[] {"application/x-www-form-urlencoded",
        "Application/X-WWW-Form-Urlencoded; charset=UTF-8", "text/plain", "application/xml", "*/*"}) {
      HttpResponse<Buffer> response = send(typed("/v1.0/auth/login", type), "{\"username\":\"100% alice&x=y\"}");
      assertThat(response.statusCode()).as("%s: %s", type, response.bodyAsString()).isEqualTo(400);
      assertThat(error(response).getString("reason")).as(type).isEqualTo("MISSING_FIELD");
    }
  }

  @Test
  void aFormBodyThatIsNotJsonIs400InvalidJsonBody() throws Exception {
    HttpResponse<Buffer> response = send(typed("/v1.0/auth/login", "application/x-www-form-urlencoded"),
        "username=alice&password=secret");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).getString("reason")).isEqualTo("INVALID_JSON_BODY");
  }

  @Test
  void aFormBodyIsNeverDecodedIntoRequestParameters() throws Exception {
    // decoded as a form, "token=…" would become ?token= and authenticate the request
    HttpResponse<Buffer> response = send(typed("/v1.0/service_agents/talk_chats", "application/x-www-form-urlencoded"),
        "token=" + token);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(401);
    assertThat(error(response).getString("reason")).isEqualTo("AUTHENTICATION_REQUIRED");
  }

  @Test
  void aMultipartBodyIs400UnsupportedContentType() throws Exception {
    String part = "--x\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\ngroup\r\n--x--\r\n";
    HttpResponse<Buffer> response = send(typed("/v1.0/service_agents/talk_chats", "multipart/form-data; boundary=x")
        .bearerTokenAuthentication(token), part);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).getString("reason")).isEqualTo("UNSUPPORTED_CONTENT_TYPE");
  }

  /**
   * What a cross-site HTML form can send (text/plain or url-encoded, a JSON text spelled by its field names, the
   * victim's cookie attached) is refused before it is forwarded whatever its type: without Origin or Referer, or from
   * a foreign Referer, 403 CROSS_SITE_REQUEST_REFUSED; from a foreign Origin, 403 CORS_ORIGIN_REFUSED. From the
   * gateway's own origin it is forwarded (503: no broker here).
   */
  @Test
  void aCookieAuthenticatedPostFromAnotherSiteIsRefusedWhateverItsContentType() throws Exception {
    String body = "{\"type\":\"group\",\"name\":\"forged\"}";
    String self = "http://127.0.0.1:" + port;
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/json"}) {
      HttpResponse<Buffer> bare = send(cookiePost(type), body);
      assertThat(bare.statusCode()).as("%s, no Origin: %s", type, bare.bodyAsString()).isEqualTo(403);
      assertThat(error(bare).getString("reason")).isEqualTo("CROSS_SITE_REQUEST_REFUSED");
      HttpResponse<Buffer> referred = send(cookiePost(type).putHeader("Referer", "https://evil.example/form.html"), body);
      assertThat(referred.statusCode()).as("%s, foreign Referer: %s", type, referred.bodyAsString()).isEqualTo(403);
      assertThat(error(referred).getString("reason")).isEqualTo("CROSS_SITE_REQUEST_REFUSED");
      HttpResponse<Buffer> foreign = send(cookiePost(type).putHeader("Origin", "https://evil.example"), body);
      assertThat(foreign.statusCode()).as("%s, foreign Origin: %s", type, foreign.bodyAsString()).isEqualTo(403);
      assertThat(error(foreign).getString("reason")).isEqualTo("CORS_ORIGIN_REFUSED");
      HttpResponse<Buffer> sameSite = send(cookiePost(type).putHeader("Origin", self), body);
      assertThat(sameSite.statusCode()).as("%s, own Origin: %s", type, sameSite.bodyAsString()).isEqualTo(503);
    }
  }

  private static HttpRequest<Buffer> cookiePost(String type) {
    return typed("/v1.0/service_agents/talk_chats", type).putHeader("Cookie", "token=" + token);
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
