package io.talkmesh.devstack.webhook;

import io.talkmesh.common.webhook.WebhookSignature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP receiver on 127.0.0.1 for webhook deliveries: records every request (event id, type, chat, seq,
 * whether the signature verifies with {@link #secret}) and answers what {@code behaviour} says for the request's
 * number (0-based).
 */
public final class Receiver implements AutoCloseable {
  /** One POST as received. */
  public record Hit(int number, String eventId, String type, String chatId, long seq, boolean signed, boolean verified,
             int answered, long receivedAtMs, JsonObject payload) {
  }

  private final HttpServer server;
  private final List<Hit> hits = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger count = new AtomicInteger();
  private volatile String secret;
  private final int port;

  private Receiver(HttpServer server) {
    this.server = server;
    this.port = server.actualPort();
  }

  /** {@code behaviour}: request number → what to do (a status to answer, or -1 to never answer). */
  public static Receiver start(Vertx vertx, Function<Integer, Integer> behaviour) throws Exception {
    Receiver[] self = new Receiver[1];
    HttpServer server = vertx.createHttpServer().requestHandler(req -> self[0].handle(req, behaviour));
    self[0] = new Receiver(server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS));
    return self[0];
  }

  private void handle(HttpServerRequest req, Function<Integer, Integer> behaviour) {
    req.body().onSuccess(body -> {
      int n = count.getAndIncrement();
      int status = behaviour.apply(n);
      String signature = req.getHeader(WebhookSignature.SIGNATURE);
      String ts = req.getHeader(WebhookSignature.TIMESTAMP);
      boolean verified = secret != null && signature != null && ts != null
          && WebhookSignature.verify(secret, Long.parseLong(ts), body.getBytes(), signature,
              System.currentTimeMillis() / 1000, 300);
      JsonObject payload = new JsonObject(body);
      hits.add(new Hit(n, req.getHeader(WebhookSignature.EVENT_ID), payload.getString("type"),
          payload.getString("chat_id"), payload.getLong("seq", -1L), signature != null, verified, status,
          System.currentTimeMillis(), payload));
      if (status < 0) {
        return; // never answers
      }
      req.response().setStatusCode(status).end();
    });
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  public void secret(String secret) {
    this.secret = secret;
  }

  public List<Hit> hits() {
    synchronized (hits) {
      return List.copyOf(hits);
    }
  }

  @Override
  public void close() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }
}
