package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A test WebSocket client of push-service: every received frame is queued for the test thread to inspect. */
public final class WsClient implements AutoCloseable {
  private final WebSocketClient client;
  private final WebSocket socket;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final List<JsonObject> seen = new ArrayList<>();
  private final java.util.concurrent.CompletableFuture<Short> closeCode = new java.util.concurrent.CompletableFuture<>();

  private WsClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(v -> closeCode.complete(socket.closeStatusCode()));
  }

  /** Sends a subscribe frame with a {@code resume} map (chat id → last seq seen) and waits for "subscribed". */
  public WsClient subscribeResuming(java.util.Map<String, Long> resume, String... topics) throws Exception {
    JsonObject last = new JsonObject();
    resume.forEach(last::put);
    socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("topics", new JsonArray(List.of(topics)))
        .put("resume", last).encode()).await(5, TimeUnit.SECONDS);
    next(f -> "subscribed".equals(f.getString("type")) || "error".equals(f.getString("type")), Duration.ofSeconds(10));
    return this;
  }

  /** The close code the server sent (null when none), waiting up to the timeout for the connection to close. */
  public Short awaitClose(Duration timeout) throws Exception {
    return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static WsClient connect(Vertx vertx, int port, String token) throws Exception {
    return connectTo(vertx, port, "/v1.0/ws?token=" + token);
  }

  /** Connects to this path and query (e.g. {@code /v1.0/ws?token=...&events=talks}). */
  public static WsClient connectTo(Vertx vertx, int port, String uri) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI(uri)).await(10, TimeUnit.SECONDS);
    return new WsClient(client, socket);
  }

  /** Subscribes and waits for the server's acknowledgement. */
  public WsClient subscribe(String... topics) throws Exception {
    socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("topics", new JsonArray(List.of(topics))).encode())
        .await(5, TimeUnit.SECONDS);
    next(f -> "subscribed".equals(f.getString("type")) || "error".equals(f.getString("type")), Duration.ofSeconds(10));
    return this;
  }

  public void send(String text) throws Exception {
    socket.writeTextMessage(text).await(5, TimeUnit.SECONDS);
  }

  /** The next frame matching the predicate, skipping (and remembering) others; fails after the timeout. */
  public JsonObject next(Predicate<JsonObject> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
      if (frame == null) {
        throw new AssertionError("no matching frame within " + timeout + "; frames seen: " + seen);
      }
      seen.add(frame);
      if (wanted.test(frame)) {
        return frame;
      }
    }
  }

  public JsonObject next(String type) throws InterruptedException {
    return next(f -> type.equals(f.getString("type")), Duration.ofSeconds(15));
  }

  /** Asserts that no frame of this type arrives within the window (absence can only be checked over time). */
  public void assertNone(String type, Duration window) throws InterruptedException {
    long deadline = System.nanoTime() + window.toNanos();
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      JsonObject frame = frames.poll(left, TimeUnit.NANOSECONDS);
      if (frame != null) {
        seen.add(frame);
        assertThat(frame.getString("type")).as("unexpected frame %s", frame).isNotEqualTo(type);
      }
    }
  }

  public List<JsonObject> seen() {
    return seen;
  }

  @Override
  public void close() {
    socket.close();
    client.close();
  }
}
