package io.talkmesh.devstack.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One agent's WebSocket as a resuming client would run it: it remembers, per chat, every event seq and every
 * message id it received, and reconnects (to any instance) with {@code resume} = the last seq of each chat.
 */
final class PushListener implements AutoCloseable {
  final String name;
  private final Vertx vertx;
  private final String token;
  private final List<String> topics;
  private final Map<String, List<Long>> seqs = new LinkedHashMap<>();
  private final Map<String, List<String>> messages = new LinkedHashMap<>();
  private final List<JsonObject> controls = new ArrayList<>();
  private WebSocketClient client;
  private WebSocket socket;
  private CompletableFuture<Short> closed;
  private int connections;

  PushListener(Vertx vertx, String name, String token, String... topics) {
    this.vertx = vertx;
    this.name = name;
    this.token = token;
    this.topics = List.of(topics);
  }

  /** Connects to the instance on {@code port}, subscribes (resuming every chat seen so far) and waits for "subscribed". */
  PushListener connect(int port) throws Exception {
    CompletableFuture<Short> closing = new CompletableFuture<>();
    client = vertx.createWebSocketClient();
    socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/v1.0/ws?token=" + token)).await(10, TimeUnit.SECONDS);
    socket.textMessageHandler(text -> onFrame(new JsonObject(text)));
    socket.closeHandler(v -> closing.complete(socket.closeStatusCode()));
    closed = closing;
    JsonObject resume = new JsonObject();
    int subscribedBefore;
    synchronized (this) {
      seqs.forEach((chat, list) -> resume.put(chat, list.get(list.size() - 1)));
      subscribedBefore = count("subscribed");
      connections++;
    }
    JsonObject subscribe = new JsonObject().put("type", "subscribe").put("topics", new JsonArray(topics));
    if (!resume.isEmpty()) {
      subscribe.put("resume", resume);
    }
    socket.writeTextMessage(subscribe.encode()).await(5, TimeUnit.SECONDS);
    await(() -> count("subscribed") > subscribedBefore, Duration.ofSeconds(10), name + " subscribed");
    return this;
  }

  private synchronized void onFrame(JsonObject frame) {
    String type = frame.getString("type");
    if (type.startsWith("chat")) {
      JsonObject data = frame.getJsonObject("data");
      String chat = type.startsWith("chatmessage") || type.startsWith("chatparticipant")
          ? data.getString("chat_id") : data.getString("id");
      seqs.computeIfAbsent(chat, c -> new ArrayList<>()).add(frame.getLong("seq"));
      if (type.equals("chatmessage_created")) {
        messages.computeIfAbsent(chat, c -> new ArrayList<>()).add(data.getString("id"));
      }
    } else {
      controls.add(frame);
    }
  }

  synchronized int count(String controlType) {
    return (int) controls.stream().filter(f -> controlType.equals(f.getString("type"))).count();
  }

  synchronized List<JsonObject> controls() {
    return List.copyOf(controls);
  }

  synchronized List<String> messages(String chat) {
    return List.copyOf(messages.getOrDefault(chat, List.of()));
  }

  synchronized List<Long> seqs(String chat) {
    return List.copyOf(seqs.getOrDefault(chat, List.of()));
  }

  synchronized int connections() {
    return connections;
  }

  /** The close code of the current connection, waiting for the server to close it. */
  Short awaitClose(Duration timeout) throws Exception {
    return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Every expected message exactly once, the chat's seqs contiguous (no gap, no repeat, in order). */
  void assertExactlyOnceInOrder(String chat, List<String> expected) {
    List<String> got = messages(chat);
    assertThat(got).as("%s: messages of chat %s", name, chat).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected);
    List<Long> s = seqs(chat);
    for (int i = 1; i < s.size(); i++) {
      assertThat(s.get(i)).as("%s: seq after %s in %s", name, s.get(i - 1), s).isEqualTo(s.get(i - 1) + 1);
    }
  }

  static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.close();
      client.close();
    }
  }
}
