package io.talkmesh.devstack.faults;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One agent's WebSocket as a well-behaved client runs it through faults: it keeps the last seq of each chat, and
 * whenever the connection closes (or a subscription is refused as unavailable) it reconnects after a jittered
 * back-off, to the next push-service instance in its list, and resumes. It counts what a user would notice: each
 * {@code chatmessage_created} by message id (twice = a duplicate shown), seqs that repeat or jump, resets, closes.
 */
final class ResumingReceiver implements AutoCloseable {
  final String name;
  private final Vertx vertx;
  private final String token;
  private final String topic;
  private final List<Integer> ports;
  private final WebSocketClient client;
  private final Map<String, Long> lastSeq = new HashMap<>();
  private final Map<String, Integer> messages = new LinkedHashMap<>();
  private final Map<String, Long> receivedAtNanos = new HashMap<>();
  private final List<Long> latenciesNanos = new ArrayList<>();
  private final List<String> anomalies = new ArrayList<>();
  private final Map<String, Integer> closes = new LinkedHashMap<>();
  private int next;
  private int connections;
  private int subscribed;
  private WebSocket socket;
  private boolean stopped;

  /** {@code ports}: the push-service instances, the first one tried first, then round-robin on every reconnect. */
  ResumingReceiver(Vertx vertx, String name, String token, String topic, List<Integer> ports) {
    this.vertx = vertx;
    this.name = name;
    this.token = token;
    this.topic = topic;
    this.ports = List.copyOf(ports);
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(2000));
  }

  /** Connects and subscribes in the background; see {@link #isSubscribed()}. */
  ResumingReceiver start() {
    vertx.runOnContext(v -> connect());
    return this;
  }

  private void connect() {
    int port;
    synchronized (this) {
      if (stopped) {
        return;
      }
      port = ports.get(next++ % ports.size());
    }
    client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/v1.0/ws?token=" + token))
        .onSuccess(this::attach)
        .onFailure(err -> retryLater());
  }

  private void attach(WebSocket ws) {
    JsonObject resume = new JsonObject();
    synchronized (this) {
      if (stopped) {
        ws.close();
        return;
      }
      socket = ws;
      connections++;
      lastSeq.forEach(resume::put);
    }
    ws.textMessageHandler(text -> onFrame(ws, new JsonObject(text)));
    ws.closeHandler(v -> {
      synchronized (this) {
        closes.merge(String.valueOf(ws.closeStatusCode()), 1, Integer::sum);
        if (socket == ws) {
          socket = null;
          subscribed = 0;
        }
      }
      retryLater();
    });
    JsonObject subscribe = new JsonObject().put("type", "subscribe").put("topics", new JsonArray().add(topic));
    if (!resume.isEmpty()) {
      subscribe.put("resume", resume);
    }
    ws.writeTextMessage(subscribe.encode());
  }

  private void retryLater() {
    synchronized (this) {
      if (stopped) {
        return;
      }
    }
    vertx.setTimer(150 + ThreadLocalRandom.current().nextInt(250), id -> connect());
  }

  private void onFrame(WebSocket ws, JsonObject frame) {
    long now = System.nanoTime();
    String type = frame.getString("type", "");
    synchronized (this) {
      if (type.startsWith("chat")) {
        JsonObject data = frame.getJsonObject("data");
        String chat = type.startsWith("chatmessage") || type.startsWith("chatparticipant")
            ? data.getString("chat_id") : data.getString("id");
        long seq = frame.getLong("seq");
        Long last = lastSeq.get(chat);
        if (last != null && seq <= last) {
          anomalies.add("repeated seq " + seq + " after " + last + " in chat " + chat);
        } else if (last != null && seq != last + 1) {
          anomalies.add("seq jumped from " + last + " to " + seq + " in chat " + chat);
        }
        lastSeq.merge(chat, seq, Math::max);
        if (type.equals("chatmessage_created")) {
          String id = data.getString("id");
          messages.merge(id, 1, Integer::sum);
          receivedAtNanos.putIfAbsent(id, now);
          String text = data.getString("text", "");
          if (text.startsWith("t=")) {
            int end = text.indexOf(' ');
            latenciesNanos.add(now - Long.parseLong(end < 0 ? text.substring(2) : text.substring(2, end)));
          }
        }
        return;
      }
      switch (type) {
        case "subscribed" -> subscribed++;
        case "reset" -> anomalies.add("reset " + frame.encode());
        case "error" -> {
          if (!topic.equals(frame.getString("topic"))) {
            anomalies.add("error " + frame.encode());
          }
        }
        default -> { }
      }
    }
    // the subscription could not be set up (talk-manager unreachable): reconnect and resume later
    if ("error".equals(type) && topic.equals(frame.getString("topic"))) {
      ws.close();
    }
  }

  synchronized boolean isSubscribed() {
    return subscribed > 0;
  }

  synchronized Set<String> messageIds() {
    return new HashSet<>(messages.keySet());
  }

  /** Message ids shown more than once. */
  synchronized List<String> duplicates() {
    return messages.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
  }

  synchronized List<String> anomalies() {
    return List.copyOf(anomalies);
  }

  synchronized Map<String, Integer> closes() {
    return Map.copyOf(closes);
  }

  synchronized int connections() {
    return connections;
  }

  synchronized List<Long> latenciesNanos() {
    return List.copyOf(latenciesNanos);
  }

  @Override
  public void close() {
    WebSocket ws;
    synchronized (this) {
      stopped = true;
      ws = socket;
    }
    if (ws != null) {
      ws.close();
    }
    client.close();
  }
}
