package io.talkmesh.bench.scenario;

import io.talkmesh.bench.client.Marker;
import io.talkmesh.common.webhook.WebhookSignature;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The customer's webhook receivers, in the load generator: one Vert.x HTTP server on 127.0.0.1 whose path
 * {@code /hook/<n>} is endpoint n. It answers 204 as soon as a POST's body is in (the documented way: acknowledge,
 * then work), then verifies the signature with endpoint n's secret and hands the delivery to the tally.
 */
public final class WebhookReceiver {
  /** What a receiver accepts between the signing and its own clock (docs/webhooks.md uses 300 s). */
  static final long TOLERANCE_SECONDS = 300;
  private static final String PATH = "/hook/";

  private final HttpServer server;
  private final AtomicReferenceArray<String> secrets;
  private final WebhookTally tally;

  private WebhookReceiver(HttpServer server, int endpoints, WebhookTally tally) {
    this.server = server;
    this.secrets = new AtomicReferenceArray<>(endpoints);
    this.tally = tally;
  }

  public static Future<WebhookReceiver> start(Vertx vertx, int endpoints, WebhookTally tally) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    WebhookReceiver receiver = new WebhookReceiver(server, endpoints, tally);
    return server.requestHandler(receiver::handle).listen().map(s -> receiver);
  }

  /** The URL of endpoint {@code n}. */
  public String url(int n) {
    return "http://127.0.0.1:" + server.actualPort() + PATH + n;
  }

  /** Endpoint {@code n}'s signing secret, as its creation answered it. */
  public void secret(int n, String secret) {
    secrets.set(n, secret);
  }

  public Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    int endpoint = endpoint(request.path());
    if (endpoint < 0 || endpoint >= secrets.length()) {
      request.response().setStatusCode(404).end();
      return;
    }
    request.body().onSuccess(body -> {
      long nanos = System.nanoTime();
      long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      request.response().setStatusCode(204).end();
      tally.record(delivery(endpoint, secrets.get(endpoint), request.headers(), body, micros, nanos));
    });
  }

  private static int endpoint(String path) {
    if (path == null || !path.startsWith(PATH)) {
      return -1;
    }
    try {
      return Integer.parseInt(path.substring(PATH.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * A POST to endpoint {@code endpoint} received at {@code receivedMicros} (Unix µs) / {@code receivedNanos}
   * ({@link System#nanoTime()}): signature verified over the exact bytes before any parsing; a body that does not
   * verify is not parsed.
   */
  static WebhookTally.Delivery delivery(int endpoint, String secret, MultiMap headers, Buffer body, long receivedMicros,
                                        long receivedNanos) {
    byte[] bytes = body.getBytes();
    boolean ok;
    try {
      ok = secret != null && WebhookSignature.verify(secret, Long.parseLong(headers.get(WebhookSignature.TIMESTAMP)), bytes,
          headers.get(WebhookSignature.SIGNATURE), receivedMicros / 1_000_000, TOLERANCE_SECONDS);
    } catch (NumberFormatException e) {
      ok = false;
    }
    String headerId = headers.get(WebhookSignature.EVENT_ID);
    if (!ok) {
      return new WebhookTally.Delivery(endpoint, headerId, headerId, null, 0, 0, receivedMicros, null, receivedNanos, false);
    }
    JsonObject payload = body.toJsonObject();
    Instant committed = Instant.parse(payload.getString("time"));
    Marker.Stamp stamp = Marker.find(body.toString());
    return new WebhookTally.Delivery(endpoint, payload.getString("id"), headerId, payload.getString("chat_id"),
        payload.getLong("seq", 0L), ChronoUnit.MICROS.between(Instant.EPOCH, committed), receivedMicros,
        stamp == null ? null : stamp.nanos(), receivedNanos, true);
  }
}
