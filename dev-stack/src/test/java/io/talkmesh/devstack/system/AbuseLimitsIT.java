package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.testing.Mesh;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Brute-force login throttling, per-agent write rate limits, security headers and the CORS policy. */
class AbuseLimitsIT {
  @RegisterExtension
  static final Mesh mesh = Mesh.withEnv(Map.of("TALK_RATE_SENDS_PER_SECOND", "2", "TALK_RATE_REACTIONS_PER_SECOND", "2",
        "TALK_LOGIN_MAX_FAILURES", "3",
        "TALK_CORS_ORIGINS", "https://console.example.com", "TALK_WS_FRAMES_PER_SECOND", "5",
        // a long first backoff, so the throttled login is inside it however slow the machine is
        "TALK_LOGIN_BACKOFF_SECONDS", "30"));

  @Test
  void repeatedWrongPasswordsThrottleTheUsernameWith429AndRetryAfter() {
    String username = "victim-" + Long.toHexString(System.nanoTime());
    mesh.api().post("/v1.0/agents", mesh.adminToken(), new JsonObject().put("username", username).put("password", "right-password"));
    for (int i = 0; i < 3; i++) {
      assertThat(mesh.api().post("/v1.0/auth/login", null, new JsonObject().put("username", username).put("password", "guess" + i))
          .status()).isEqualTo(401);
    }
    HttpApi.Reply throttled = mesh.api().post("/v1.0/auth/login", null,
        new JsonObject().put("username", username).put("password", "right-password"));
    assertThat(throttled.status()).as("%s", throttled).isEqualTo(429);
    assertThat(throttled.json().getJsonObject("error").getString("reason")).isEqualTo("LOGIN_THROTTLED");
    assertThat(mesh.api().login(Stack.ADMIN, Stack.ADMIN_PASSWORD)).as("other usernames are not throttled").isNotBlank();
  }

  @Test
  void anAgentSendingFasterThanItsRateGets429() {
    String username = "chatty-" + Long.toHexString(System.nanoTime());
    mesh.api().post("/v1.0/agents", mesh.adminToken(), new JsonObject().put("username", username).put("password", "pw-" + username));
    String token = mesh.api().login(username, "pw-" + username);
    String chatId = mesh.api().post("/v1.0/service_agents/talk_chats", token, new JsonObject().put("type", "group")).json().getString("id");
    int accepted = 0;
    HttpApi.Reply limited = null;
    for (int i = 0; i < 12 && limited == null; i++) {
      HttpApi.Reply reply = mesh.api().post("/v1.0/service_agents/talk_messages", token,
          new JsonObject().put("chat_id", chatId).put("text", "m" + i));
      if (reply.status() == 429) {
        limited = reply;
      } else {
        assertThat(reply.status()).isEqualTo(200);
        accepted++;
      }
    }
    assertThat(limited).as("no 429 after %d sends", accepted).isNotNull();
    assertThat(accepted).isBetween(4, 6);
    assertThat(limited.json().getJsonObject("error").getString("reason")).isEqualTo("RATE_LIMITED");
  }

  /**
   * A search ranks every match among the agent's chats: one agent repeating searches is held to the reaction rate,
   * in a bucket of its own (its pins still pass).
   */
  @Test
  void anAgentSearchingFasterThanItsRateGets429AndItsPinsStillPass() {
    String username = "seeker-" + Long.toHexString(System.nanoTime());
    mesh.api().post("/v1.0/agents", mesh.adminToken(), new JsonObject().put("username", username).put("password", "pw-" + username));
    String token = mesh.api().login(username, "pw-" + username);
    String chatId = mesh.api().post("/v1.0/service_agents/talk_chats", token, new JsonObject().put("type", "group")).json().getString("id");
    String message = mesh.api().post("/v1.0/service_agents/talk_messages", token,
        new JsonObject().put("chat_id", chatId).put("text", "needle")).json().getString("id");
    int accepted = 0;
    HttpApi.Reply limited = null;
    for (int i = 0; i < 12 && limited == null; i++) {
      HttpApi.Reply reply = mesh.api().get("/v1.0/service_agents/talk_search/messages?q=needle", token);
      if (reply.status() == 429) {
        limited = reply;
      } else {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        accepted++;
      }
    }
    assertThat(limited).as("no 429 after %d searches", accepted).isNotNull();
    assertThat(accepted).isBetween(4, 6);
    assertThat(limited.json().getJsonObject("error").getString("reason")).isEqualTo("RATE_LIMITED");
    assertThat(mesh.api().post("/v1.0/service_agents/talk_chats/" + chatId + "/pins", token,
        new JsonObject().put("message_id", message)).status()).as("pins have their own bucket").isEqualTo(200);
  }

  /** Each status change of a connected agent is pushed to every presence subscriber of its customer: held to a rate. */
  @Test
  void anAgentFlippingItsStatusFasterThanItsRateGets429() {
    String username = "flipper-" + Long.toHexString(System.nanoTime());
    mesh.api().post("/v1.0/agents", mesh.adminToken(), new JsonObject().put("username", username).put("password", "pw-" + username));
    String token = mesh.api().login(username, "pw-" + username);
    int accepted = 0;
    HttpApi.Reply limited = null;
    for (int i = 0; i < 12 && limited == null; i++) {
      HttpApi.Reply reply = mesh.api().put("/v1.0/service_agents/me/status", token,
          new JsonObject().put("status", i % 2 == 0 ? "away" : "available"));
      if (reply.status() == 429) {
        limited = reply;
      } else {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        accepted++;
      }
    }
    assertThat(limited).as("no 429 after %d status changes", accepted).isNotNull();
    assertThat(accepted).isBetween(4, 6);
    assertThat(limited.json().getJsonObject("error").getString("reason")).isEqualTo("RATE_LIMITED");
  }

  /** Each password change costs talk-manager a bcrypt hash: one agent repeating them is refused, not served. */
  @Test
  void anAgentChangingItsPasswordOverAndOverGets429() {
    String username = "churner-" + Long.toHexString(System.nanoTime());
    mesh.api().post("/v1.0/agents", mesh.adminToken(), new JsonObject().put("username", username).put("password", "pw-" + username));
    String token = mesh.api().login(username, "pw-" + username);
    int accepted = 0;
    HttpApi.Reply limited = null;
    for (int i = 0; i < 8 && limited == null; i++) {
      HttpApi.Reply reply = mesh.api().put("/v1.0/service_agents/me/password", token,
          new JsonObject().put("password", "pw-" + username + "-" + i));
      if (reply.status() == 429) {
        limited = reply;
      } else {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        accepted++;
      }
    }
    assertThat(limited).as("no 429 after %d password changes", accepted).isNotNull();
    assertThat(accepted).isLessThanOrEqualTo(4);
    assertThat(limited.json().getJsonObject("error").getString("reason")).isEqualTo("RATE_LIMITED");
    assertThat(mesh.api().get("/v1.0/service_agents/me", token).status()).as("the agent itself still works").isEqualTo(200);
  }

  @Test
  void aConnectionFloodingFramesGetsOneRateLimitedErrorAndStaysOpen() throws Exception {
    String username = "flood-" + Long.toHexString(System.nanoTime());
    JsonObject agent = mesh.api().post("/v1.0/agents", mesh.adminToken(), new JsonObject().put("username", username)
        .put("password", "pw-" + username)).json();
    String token = mesh.api().login(username, "pw-" + username);
    String topic = "agent_id:" + agent.getString("id") + ":chat";
    try (WsClient ws = WsClient.connect(mesh.client(), mesh.stack().wsPort(), token)) {
      for (int i = 0; i < 60; i++) {
        ws.send(new JsonObject().put("type", "unsubscribe").put("topics", new io.vertx.core.json.JsonArray().add(topic)).encode());
      }
      JsonObject limited = ws.next(f -> "error".equals(f.getString("type")) && "RATE_LIMITED".equals(f.getString("reason")),
          java.time.Duration.ofSeconds(10));
      assertThat(limited.getString("message")).contains("5 frames a second");
      assertThat(ws.seen().stream().filter(f -> "RATE_LIMITED".equals(f.getString("reason")))).hasSize(1);
    }
  }

  @Test
  void responsesCarrySecurityHeadersAndCorsAllowsOnlyListedOrigins() throws Exception {
    WebClient web = WebClient.create(mesh.client());
    try {
      var plain = web.get(mesh.stack().httpPort(), "127.0.0.1", "/v1.0/agents").send().await(10, TimeUnit.SECONDS);
      assertThat(plain.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(plain.getHeader("X-Frame-Options")).isEqualTo("DENY");
      assertThat(plain.getHeader("Cache-Control")).isEqualTo("no-store");
      var allowed = web.request(HttpMethod.OPTIONS, mesh.stack().httpPort(), "127.0.0.1", "/v1.0/agents")
          .putHeader("Origin", "https://console.example.com").putHeader("Access-Control-Request-Method", "GET")
          .send().await(10, TimeUnit.SECONDS);
      assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://console.example.com");
      var refused = web.request(HttpMethod.OPTIONS, mesh.stack().httpPort(), "127.0.0.1", "/v1.0/agents")
          .putHeader("Origin", "https://evil.example.com").putHeader("Access-Control-Request-Method", "GET")
          .send().await(10, TimeUnit.SECONDS);
      assertThat(refused.getHeader("Access-Control-Allow-Origin")).isNull();
    } finally {
      web.close();
    }
  }
}
