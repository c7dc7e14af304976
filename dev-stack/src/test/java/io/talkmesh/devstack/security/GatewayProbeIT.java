package io.talkmesh.devstack.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Mesh;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway-side probes of issue 11, replayed against a real stack: tokens signed with the once-public development
 * secret or without {@code exp} (findings 4, 14), locking others out of login (5), cookie CSRF (13), the CORS answer,
 * {@code /metrics} on the public port and permission 0 (14), and where the console may send the token (2).
 * Login probes come from distinct loopback addresses (127.0.0.x), so each test has its own client address.
 */
class GatewayProbeIT {
  private static final String OLD_DEVELOPMENT_SECRET = "talk-mesh-development-secret-change-me";
  private static final String TRUSTED_PROXY = "127.0.0.3";
  private static final String FOREIGN_ORIGIN = "https://evil.example.net";
  private static final String LISTED_ORIGIN = "https://console.example.com";
  private static final String LISTED_PUSH = "wss://push.example.com/v1.0/ws";
  @RegisterExtension
  static final Mesh mesh = Mesh.withEnv(Map.of("TALK_TRUSTED_PROXIES", TRUSTED_PROXY + "/32",
      "TALK_CORS_ORIGINS", LISTED_ORIGIN, "TALK_CONSOLE_PUSH_URLS", LISTED_PUSH));
  private static Tenant tenant;

  @BeforeAll
  static void start() throws Exception {
    tenant = Tenant.arrange(mesh, Stack.ADMIN, Stack.ADMIN_PASSWORD);
  }

  // ---- finding 4 and 14: tokens nobody issued ----

  @Test
  void aTokenForgedWithTheOldDevelopmentSecretForAnotherCustomersAdminIs401() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String forged = hs256(new JsonObject().put("sub", UUID.randomUUID().toString())
        .put("customer_id", UUID.randomUUID().toString()).put("permission", 64).put("username", "admin")
        .put("iat", now).put("exp", now + 3600), OLD_DEVELOPMENT_SECRET);
    HttpApi.Reply agents = mesh.api().get("/v1.0/agents", forged);
    assertThat(agents.status()).as("GET /v1.0/agents with a token signed by the old constant: %s", agents).isEqualTo(401);
    assertThat(agents.json().getJsonObject("error").getString("reason")).isEqualTo("INVALID_TOKEN");
    HttpApi.Reply admin = mesh.api().post("/v1.0/agents", forged, new JsonObject().put("username", "planted-" + now)
        .put("password", "planted-password").put("permission", 64));
    assertThat(admin.status()).as("creating an admin with it: %s", admin).isEqualTo(401);
    RawWebSocket.Handshake upgrade = RawWebSocket.handshake(mesh.stack().wsPort(), "/v1.0/ws?token=" + forged, Map.of());
    assertThat(upgrade.status()).as("push upgrade with it: %s %s", upgrade.status(), upgrade.body()).isEqualTo(401);
  }

  @Test
  void aCorrectlySignedTokenWithoutExpIs401AtTheGatewayAndAtThePushUpgrade() throws Exception {
    JsonObject claims = ForgedTokens.part(tenant.alice.token(), 1);
    claims.remove("exp");
    String eternal = hs256(claims, mesh.stack().env().get("TALK_JWT_SECRET"));
    assertThat(mesh.api().get("/v1.0/service_agents/talk_chats", tenant.alice.token()).status())
        .as("the genuine token works").isEqualTo(200);
    HttpApi.Reply chats = mesh.api().get("/v1.0/service_agents/talk_chats", eternal);
    assertThat(chats.status()).as("gateway, token without exp: %s", chats).isEqualTo(401);
    RawWebSocket.Handshake upgrade = RawWebSocket.handshake(mesh.stack().wsPort(), "/v1.0/ws?token=" + eternal, Map.of());
    assertThat(upgrade.status()).as("push upgrade, token without exp: %s %s", upgrade.status(), upgrade.body())
        .isEqualTo(401);
  }

  // ---- finding 5: nobody locks anybody else out ----

  @Test
  void twentyBadLoginsWithVariedUsernamesFromOneAddressDoNotStopAnotherAddressesLogin() throws Exception {
    try (From attacker = new From("127.0.0.11"); From victim = new From("127.0.0.12")) {
      for (int i = 0; i < 20; i++) {
        HttpResponse<Buffer> guess = attacker.login("nobody-" + i + "-" + UUID.randomUUID(), "guess", null);
        assertThat(guess.statusCode()).as("guess %d: %s", i, guess.bodyAsString()).isEqualTo(401);
      }
      HttpResponse<Buffer> slowed = attacker.login("nobody-else", "guess", null);
      assertThat(slowed.statusCode()).as("the attacker's 21st guess: %s", slowed.bodyAsString()).isEqualTo(429);
      assertThat(slowed.getHeader("Retry-After")).as("Retry-After").isNotNull();
      HttpResponse<Buffer> alice = victim.login(tenant.alice.username(), tenant.alice.password(), null);
      assertThat(alice.statusCode()).as("alice from another address: %s", alice.bodyAsString()).isEqualTo(200);
      HttpResponse<Buffer> admin = victim.login(Stack.ADMIN, Stack.ADMIN_PASSWORD, null);
      assertThat(admin.statusCode()).as("admin from another address: %s", admin.bodyAsString()).isEqualTo(200);
    }
  }

  @Test
  void wrongPasswordsForAdminSlowTheAttackerWithAGrowingRetryAfterButNotAdmin() throws Exception {
    try (From attacker = new From("127.0.0.13"); From admin = new From("127.0.0.14")) {
      for (int i = 0; i < 5; i++) {
        assertThat(attacker.login(Stack.ADMIN, "wrong-" + i, null).statusCode()).as("guess %d", i).isEqualTo(401);
      }
      HttpResponse<Buffer> first = attacker.login(Stack.ADMIN, "wrong-5", null);
      assertThat(first.statusCode()).as("6th guess: %s", first.bodyAsString()).isEqualTo(429);
      assertThat(first.bodyAsJsonObject().getJsonObject("error").getString("reason")).isEqualTo("LOGIN_THROTTLED");
      long firstWait = Long.parseLong(first.getHeader("Retry-After"));
      assertThat(firstWait).as("first Retry-After").isBetween(1L, 2L);
      HttpResponse<Buffer> adminLogin = admin.login(Stack.ADMIN, Stack.ADMIN_PASSWORD, null);
      assertThat(adminLogin.statusCode()).as("admin's own login from elsewhere meanwhile: %s", adminLogin.bodyAsString())
          .isEqualTo(200);
      // Once the wait has passed, the attacker may guess again; the guess fails and the next wait doubles.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      int status;
      while ((status = attacker.login(Stack.ADMIN, "wrong-6", null).statusCode()) == 429 && System.nanoTime() < deadline) {
        Thread.sleep(250); // poll until the announced wait has passed (bounded by the deadline)
      }
      assertThat(status).as("a guess once Retry-After (%d s) has passed", firstWait).isEqualTo(401);
      HttpResponse<Buffer> second = attacker.login(Stack.ADMIN, "wrong-7", null);
      assertThat(second.statusCode()).as("guess after the wait: %s", second.bodyAsString()).isEqualTo(429);
      long secondWait = Long.parseLong(second.getHeader("Retry-After"));
      assertThat(secondWait).as("Retry-After grows: first %d s, then %d s", firstWait, secondWait).isGreaterThan(firstWait);
      assertThat(admin.login(Stack.ADMIN, Stack.ADMIN_PASSWORD, null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void forwardedForFromAnUntrustedPeerIsIgnoredSoTheAttackerCannotPickAnAddressPerRequest() throws Exception {
    try (From attacker = new From("127.0.0.15")) {
      for (int i = 0; i < 5; i++) {
        HttpResponse<Buffer> guess = attacker.login(tenant.bob.username(), "wrong-" + i, "203.0.113." + (i + 1));
        assertThat(guess.statusCode()).as("guess %d: %s", i, guess.bodyAsString()).isEqualTo(401);
      }
      HttpResponse<Buffer> dodge = attacker.login(tenant.bob.username(), "wrong-5", "203.0.113.99");
      assertThat(dodge.statusCode()).as("6th guess under a fresh X-Forwarded-For: %s", dodge.bodyAsString())
          .isEqualTo(429);
    }
  }

  @Test
  void behindATrustedProxyTheRightMostForwardedAddressIsTheClient() throws Exception {
    try (From proxy = new From(TRUSTED_PROXY)) {
      for (int i = 0; i < 5; i++) {
        assertThat(proxy.login(tenant.bob.username(), "wrong-" + i, "198.51.100.7").statusCode()).isEqualTo(401);
      }
      HttpResponse<Buffer> spoofed = proxy.login(tenant.bob.username(), "wrong-5", "10.1.2.3, 198.51.100.7");
      assertThat(spoofed.statusCode()).as("client-written hops left of the proxy's are ignored: %s",
          spoofed.bodyAsString()).isEqualTo(429);
      HttpResponse<Buffer> bob = proxy.login(tenant.bob.username(), tenant.bob.password(), "198.51.100.8");
      assertThat(bob.statusCode()).as("bob through the same proxy from another client: %s", bob.bodyAsString())
          .isEqualTo(200);
    }
  }

  // ---- finding 13: cookie CSRF ----

  /** What a cross-site HTML form can send: a JSON text as text/plain or url-encoded, both now read as JSON. */
  @Test
  void aCookieAuthenticatedFormOrTextPlainPostFromAForeignOriginIsRefused() throws Exception {
    WebClient web = WebClient.create(mesh.client(), new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(mesh.stack().httpPort()));
    try {
      for (String type : List.of("text/plain", "application/x-www-form-urlencoded")) {
        String body = new JsonObject().put("type", "group").put("name", "csrf-" + UUID.randomUUID()).encode();
        HttpResponse<Buffer> forged = cookiePost(web, type, body, FOREIGN_ORIGIN, null);
        assertThat(forged.statusCode()).as("%s, foreign Origin: %s", type, forged.bodyAsString()).isEqualTo(403);
        assertThat(forged.bodyAsJsonObject().getJsonObject("error").getString("reason"))
            .isEqualTo("CORS_ORIGIN_REFUSED");
        HttpResponse<Buffer> bare = cookiePost(web, type, body, null, null);
        assertThat(bare.statusCode()).as("%s, no Origin or Referer: %s", type, bare.bodyAsString()).isEqualTo(403);
        assertThat(bare.bodyAsJsonObject().getJsonObject("error").getString("reason"))
            .isEqualTo("CROSS_SITE_REQUEST_REFUSED");
        HttpResponse<Buffer> referred = cookiePost(web, type, body, null, FOREIGN_ORIGIN + "/page.html");
        assertThat(referred.statusCode()).as("%s, foreign Referer: %s", type, referred.bodyAsString()).isEqualTo(403);
        assertThat(mesh.api().get("/v1.0/service_agents/talk_chats?page_size=100", tenant.alice.token()).raw())
            .as("no forged chat was created").doesNotContain(new JsonObject(body).getString("name"));
        HttpResponse<Buffer> sameSite = cookiePost(web, type, body, "http://127.0.0.1:" + mesh.stack().httpPort(), null);
        assertThat(sameSite.statusCode()).as("%s, same-origin cookie POST: %s", type, sameSite.bodyAsString())
            .isEqualTo(200);
      }
      HttpApi.Reply header = mesh.api().postAsText("/v1.0/service_agents/talk_chats", tenant.alice.token(),
          new JsonObject().put("type", "group"));
      assertThat(header.status()).as("header-token POST without Origin: %s", header).isEqualTo(200);
    } finally {
      web.close();
    }
  }

  private HttpResponse<Buffer> cookiePost(WebClient web, String type, String body, String origin, String referer)
      throws Exception {
    HttpRequest<Buffer> request = web.post("/v1.0/service_agents/talk_chats")
        .putHeader("Cookie", "token=" + tenant.alice.token()).putHeader("Content-Type", type);
    if (origin != null) {
      request.putHeader("Origin", origin);
    }
    if (referer != null) {
      request.putHeader("Referer", referer);
    }
    return request.sendBuffer(Buffer.buffer(body)).await(15, TimeUnit.SECONDS);
  }

  // ---- finding 14: CORS answer, /metrics, permission 0 ----

  @Test
  void aDisallowedCorsOriginIs403WithTheErrorBodyAndNoCorsHeaders() throws Exception {
    WebClient web = WebClient.create(mesh.client());
    try {
      var preflight = web.request(HttpMethod.OPTIONS, mesh.stack().httpPort(), "127.0.0.1", "/v1.0/agents")
          .putHeader("Origin", FOREIGN_ORIGIN).putHeader("Access-Control-Request-Method", "GET")
          .send().await(10, TimeUnit.SECONDS);
      assertThat(preflight.statusCode()).as("preflight from %s: %s", FOREIGN_ORIGIN, preflight.bodyAsString()).isEqualTo(403);
      assertThat(preflight.bodyAsJsonObject().getJsonObject("error").getString("reason")).isEqualTo("CORS_ORIGIN_REFUSED");
      assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isNull();
      var get = web.get(mesh.stack().httpPort(), "127.0.0.1", "/v1.0/agents").putHeader("Origin", FOREIGN_ORIGIN)
          .bearerTokenAuthentication(tenant.admin.token()).send().await(10, TimeUnit.SECONDS);
      assertThat(get.statusCode()).as("GET from %s: %s", FOREIGN_ORIGIN, get.bodyAsString()).isEqualTo(403);
      var listed = web.get(mesh.stack().httpPort(), "127.0.0.1", "/v1.0/agents").putHeader("Origin", LISTED_ORIGIN)
          .bearerTokenAuthentication(tenant.admin.token()).send().await(10, TimeUnit.SECONDS);
      assertThat(listed.statusCode()).as("GET from the listed origin: %s", listed.bodyAsString()).isEqualTo(200);
      assertThat(listed.getHeader("Access-Control-Allow-Origin")).isEqualTo(LISTED_ORIGIN);
    } finally {
      web.close();
    }
  }

  @Test
  void metricsAreServedOnTheManagementPortNotThePublicOne() throws Exception {
    WebClient web = WebClient.create(mesh.client());
    try {
      var open = web.get(mesh.stack().httpPort(), "127.0.0.1", "/metrics").send().await(10, TimeUnit.SECONDS);
      assertThat(open.statusCode()).as("public /metrics: %s", open.statusCode()).isEqualTo(404);
      var managed = web.get(mesh.stack().gatewayManagementPort(), "127.0.0.1", "/metrics").send().await(10, TimeUnit.SECONDS);
      assertThat(managed.statusCode()).isEqualTo(200);
      assertThat(managed.bodyAsString()).contains("# TYPE");
      for (int port : new int[] {mesh.stack().httpPort(), mesh.stack().gatewayManagementPort()}) {
        assertThat(web.get(port, "127.0.0.1", "/health/ready").send().await(10, TimeUnit.SECONDS).statusCode())
            .as("/health/ready on port %d", port).isEqualTo(200);
      }
    } finally {
      web.close();
    }
  }

  @Test
  void anAgentWithPermissionZeroIsRefusedEverywhereIncludingThePushUpgrade() throws Exception {
    String username = "powerless-" + UUID.randomUUID();
    HttpApi.Reply created = mesh.api().post("/v1.0/agents", tenant.admin.token(), new JsonObject().put("username", username)
        .put("password", "powerless-password").put("permission", 0));
    assertThat(created.status()).as("%s", created).isEqualTo(200);
    String token = mesh.api().login(username, "powerless-password");
    for (HttpApi.Reply reply : new HttpApi.Reply[] {
        mesh.api().get("/v1.0/service_agents/talk_chats", token),
        mesh.api().get("/v1.0/agents", token),
        mesh.api().post("/v1.0/service_agents/talk_chats", token, new JsonObject().put("type", "group")),
        mesh.api().post("/v1.0/service_agents/talk_messages", token, new JsonObject().put("chat_id", tenant.channel)
            .put("text", "hello"))}) {
      assertThat(reply.status()).as("permission 0: %s", reply).isEqualTo(403);
      assertThat(reply.json().getJsonObject("error").getString("reason")).isEqualTo("PERMISSION_DENIED");
    }
    RawWebSocket.Handshake upgrade = RawWebSocket.handshake(mesh.stack().wsPort(), "/v1.0/ws?token=" + token, Map.of());
    assertThat(upgrade.status()).as("push upgrade, permission 0: %s %s", upgrade.status(), upgrade.body())
        .isEqualTo(403);
    assertThat(upgrade.body()).contains("PERMISSION_DENIED");
  }

  // ---- finding 2: where the console may send the token ----

  @Test
  void theConsoleMayConnectOnlyToItsOwnHostAndTheListedPushUrls() throws Exception {
    WebClient web = WebClient.create(mesh.client());
    try {
      var page = web.get(mesh.stack().httpPort(), "127.0.0.1", "/console/").send().await(10, TimeUnit.SECONDS);
      assertThat(page.statusCode()).isEqualTo(200);
      String csp = page.getHeader("Content-Security-Policy");
      assertThat(csp).as("console CSP").isNotNull()
          .contains("connect-src 'self' ws://127.0.0.1:* wss://127.0.0.1:* wss://push.example.com")
          .contains("frame-ancestors 'none'");
      assertThat(csp.substring(csp.indexOf("connect-src"), csp.indexOf(';', csp.indexOf("connect-src"))))
          .as("connect-src lets nothing else through: %s", csp).doesNotContain("*.").doesNotContain(" * ")
          .doesNotContain("attacker").doesNotContain("ws: ").doesNotContain("wss: ");
      var script = web.get(mesh.stack().httpPort(), "127.0.0.1", "/console/console.js").send().await(10, TimeUnit.SECONDS);
      assertThat(script.getHeader("Content-Security-Policy")).isEqualTo(csp);
      assertThat(script.bodyAsString()).contains("['talk-mesh', `bearer.${state.token}`]")
          .as("the token is never put in a URL").doesNotContainPattern("[?&]token=\\$\\{");
      var config = web.get(mesh.stack().httpPort(), "127.0.0.1", "/console/config.json").send().await(10, TimeUnit.SECONDS);
      assertThat(config.bodyAsJsonObject().getJsonArray("push_urls").getList()).containsExactly(LISTED_PUSH);
    } finally {
      web.close();
    }
  }

  // ---- plumbing ----

  /** A client whose connections come from one loopback address, so the gateway sees it as that client. */
  private final class From implements AutoCloseable {
    private final WebClient web;

    From(String localAddress) {
      web = WebClient.create(mesh.client(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(mesh.stack().httpPort())
          .setLocalAddress(localAddress).setKeepAlive(false));
    }

    HttpResponse<Buffer> login(String username, String password, String forwardedFor) throws Exception {
      HttpRequest<Buffer> request = web.post("/v1.0/auth/login");
      if (forwardedFor != null) {
        request.putHeader("X-Forwarded-For", forwardedFor);
      }
      return request.sendJsonObject(new JsonObject().put("username", username).put("password", password))
          .await(15, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      web.close();
    }
  }

  private static String hs256(JsonObject claims, String secret) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String unsigned = b64.encodeToString(new JsonObject().put("alg", "HS256").put("typ", "JWT").toBuffer().getBytes())
        + "." + b64.encodeToString(claims.toBuffer().getBytes());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return unsigned + "." + b64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));
  }
}
