package io.talkmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser console is served without a token at /console/, with a Content-Security-Policy bounding where it may
 * connect; the API's 404 still answers unknown files; a foreign Origin is refused.
 */
class ConsoleRoutesTest {
  private static Vertx vertx;
  private static HttpServer server;
  private static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server = OfflineRouter.serve(vertx, OfflineRouter.create(vertx, "console-test"));
    http = OfflineRouter.client(vertx, server);
  }

  @AfterAll
  static void stop() throws Exception {
    http.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> get(String path) throws Exception {
    return http.get(path).send().await(10, TimeUnit.SECONDS);
  }

  @Test
  void consoleWithoutSlashRedirectsToTheFolder() throws Exception {
    HttpResponse<Buffer> response = get("/console");
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.getHeader("Location")).isEqualTo("/console/");
  }

  @Test
  void consoleServesItsPageAndScriptWithoutAToken() throws Exception {
    HttpResponse<Buffer> page = get("/console/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("data-testid=\"login-form\"", "console.js");
    HttpResponse<Buffer> script = get("/console/console.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.getHeader("Content-Type")).contains("javascript");
  }

  @Test
  void unknownConsoleFileIsTheApisJson404() throws Exception {
    HttpResponse<Buffer> response = get("/console/nothing-here.js");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("status")).isEqualTo("NOT_FOUND");
  }

  @Test
  void consoleResponsesAllowConnectionsOnlyToThisOriginAndWebSocketsOfItsOwnHost() throws Exception {
    for (String path : new String[] {"/console/", "/console/console.js", "/console/config.json"}) {
      HttpResponse<Buffer> response = get(path);
      assertThat(response.getHeader("Content-Security-Policy")).as("CSP of %s", path)
          .startsWith("connect-src 'self' ws://127.0.0.1:* wss://127.0.0.1:*;");
    }
    assertThat(get("/console/config.json").bodyAsJsonObject().getJsonArray("push_urls")).isEmpty();
  }

  @Test
  void aHostileHostHeaderIsNotWrittenIntoThePolicy() throws Exception {
    HttpResponse<Buffer> response = http.get("/console/").putHeader("Host", "evil.example; connect-src *")
        .send().await(10, TimeUnit.SECONDS);
    String csp = response.getHeader("Content-Security-Policy");
    // Vert.x may refuse the request outright (400, no policy); if it answers, the policy names no host of the header
    if (csp != null) {
      assertThat(csp).as("status %d", response.statusCode()).startsWith("connect-src 'self';").doesNotContain("evil");
    } else {
      assertThat(response.statusCode()).isEqualTo(400);
    }
  }

  @Test
  void aForeignOriginIs403CorsOriginRefusedWithTheErrorBody() throws Exception {
    HttpResponse<Buffer> response = http.get("/v1.0/agents").putHeader("Origin", "https://evil.example.net")
        .send().await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("reason")).isEqualTo("CORS_ORIGIN_REFUSED");
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    HttpResponse<Buffer> same = http.get("/health/live").putHeader("Origin", "http://127.0.0.1:" + server.actualPort())
        .send().await(10, TimeUnit.SECONDS);
    assertThat(same.statusCode()).as("same-origin request").isEqualTo(200);
  }
}
