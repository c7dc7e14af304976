package io.talkmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.rpc.Amqp;
import io.talkmesh.common.rpc.RpcClient;
import io.talkmesh.gateway.http.GatewayRouter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The browser console is served without a token at /console/; the API's 404 still answers unknown files. */
class ConsoleRoutesTest {
  private static Vertx vertx;
  private static HttpServer server;
  private static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    RpcClient rpc = new RpcClient(Amqp.client(vertx, "amqp://guest:guest@127.0.0.1:1", "console-test"),
        "console-test.request", 1000);
    server = vertx.createHttpServer()
        .requestHandler(GatewayRouter.create(vertx, new TalkManagerClient(rpc, "console-test"),
            new Jwt(vertx, "a-test-secret-that-is-long-enough-0123456789", 3600), () -> false, 1024))
        .listen(0).await(10, TimeUnit.SECONDS);
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(server.actualPort()).setFollowRedirects(false));
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
}
