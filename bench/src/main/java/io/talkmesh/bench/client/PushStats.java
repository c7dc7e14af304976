package io.talkmesh.bench.client;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A push-service instance's counters as its management port serves them ({@code GET /stats}, the JSON form of the
 * {@code talk_push_*} meters on {@code /metrics}): sessions, bindings, events consumed from the broker, frames handed
 * to sessions. Read from a plain thread.
 */
public final class PushStats {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PushStats() {
  }

  /** {@code {"sessions", "bindings", "events", "deliveries", ...}} of the instance whose stats are at {@code url}. */
  public static JsonObject read(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + url + " → " + response.statusCode() + " " + response.body());
    }
    return new JsonObject(response.body());
  }
}
