package io.talkmesh.devstack.system;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;

/** A blocking HTTP client for tests, speaking to the gateway over real keep-alive connections. */
public final class HttpApi implements AutoCloseable {
  private final WebClient client;
  private final int port;

  /** A response as the test sees it. */
  public record Reply(int status, Object body, String raw) {
    public JsonObject json() {
      return (JsonObject) body;
    }

    @Override
    public String toString() {
      return status + " " + raw;
    }
  }

  public HttpApi(Vertx vertx, int port) {
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true));
    this.port = port;
  }

  public int port() {
    return port;
  }

  public Reply post(String path, String token, JsonObject body) {
    return send(HttpMethod.POST, path, token, body == null ? null : body.toBuffer());
  }

  public Reply postRaw(String path, String token, String body) {
    return send(HttpMethod.POST, path, token, Buffer.buffer(body));
  }

  /** A POST with extra request headers (e.g. {@code Idempotency-Key}). */
  public Reply post(String path, String token, JsonObject body, java.util.Map<String, String> headers) {
    HttpRequest<Buffer> request = client.request(HttpMethod.POST, path);
    headers.forEach(request::putHeader);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    try {
      HttpResponse<Buffer> response = request.putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer())
          .await(15, TimeUnit.SECONDS);
      String raw = response.bodyAsString();
      return new Reply(response.statusCode(), raw == null || raw.isEmpty() ? null : io.vertx.core.json.Json.decodeValue(raw), raw);
    } catch (Exception e) {
      throw new AssertionError("POST " + path + " failed: " + e, e);
    }
  }

  /** A JSON body sent as {@code Content-Type: text/plain}, as seed 004's curl examples do. */
  public Reply postAsText(String path, String token, JsonObject body) {
    return send(HttpMethod.POST, path, token, body.toBuffer(), "text/plain");
  }

  public Reply put(String path, String token, JsonObject body) {
    return send(HttpMethod.PUT, path, token, body == null ? null : body.toBuffer());
  }

  public Reply delete(String path, String token) {
    return send(HttpMethod.DELETE, path, token, null);
  }

  public Reply get(String path, String token) {
    return send(HttpMethod.GET, path, token, null);
  }

  public String login(String username, String password) {
    Reply reply = post("/v1.0/auth/login", null, new JsonObject().put("username", username).put("password", password));
    if (reply.status() != 200) {
      throw new AssertionError("login of " + username + " failed: " + reply);
    }
    return reply.json().getString("token");
  }

  private Reply send(HttpMethod method, String path, String token, Buffer body) {
    return send(method, path, token, body, "application/json");
  }

  private Reply send(HttpMethod method, String path, String token, Buffer body, String contentType) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    try {
      HttpResponse<Buffer> response = (body == null ? request.send()
          : request.putHeader("Content-Type", contentType).sendBuffer(body)).await(15, TimeUnit.SECONDS);
      String raw = response.bodyAsString();
      Object parsed = raw == null || raw.isEmpty() ? null : io.vertx.core.json.Json.decodeValue(raw);
      return new Reply(response.statusCode(), parsed, raw);
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
