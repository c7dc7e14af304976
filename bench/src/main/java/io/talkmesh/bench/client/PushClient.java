package io.talkmesh.bench.client;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WebSocket clients of push-service (or of the bare broadcast server), spread over several loopback source addresses
 * (127.0.0.1, 127.0.0.2, …) so that more sockets than one address's ephemeral ports can be open at once.
 */
public final class PushClient {
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final List<String> sources;
  private final int port;
  private final Deliveries deliveries;
  private final AtomicInteger next = new AtomicInteger();

  public PushClient(Vertx vertx, int port, int sourceAddresses, Deliveries deliveries) {
    this.port = port;
    this.deliveries = deliveries;
    this.sources = new ArrayList<>();
    for (int i = 1; i <= sourceAddresses; i++) {
      String source = "127.0.0." + i;
      sources.add(source);
      clients.add(vertx.createWebSocketClient(new WebSocketClientOptions()
          .setLocalAddress(source).setMaxConnections(Integer.MAX_VALUE).setConnectTimeout(10_000)
          .setMaxMessageSize(1 << 20)));
    }
  }

  public List<String> sources() {
    return List.copyOf(sources);
  }

  /** Opens an authenticated push-service session; every stamped frame goes to {@link Deliveries}. */
  public Future<WebSocket> connect(String token) {
    return open("/v1.0/ws?token=" + token);
  }

  /** Opens a session and subscribes to {@code agent_id:<self>:chat}; completes when the server said "subscribed". */
  public Future<WebSocket> connectSubscribed(String token, String agentId) {
    return open("/v1.0/ws?token=" + token).compose(socket -> subscribe(socket, "agent_id:" + agentId + ":chat",
        deliveries::onFrame));
  }

  /**
   * Opens a session and subscribes to {@code topic}; every later frame goes to {@code frames} (not to
   * {@link Deliveries}: such frames carry no stamp), from the subscription's acknowledgement on.
   */
  public Future<WebSocket> connectTopic(String token, String topic, Handler<String> frames) {
    return open("/v1.0/ws?token=" + token).compose(socket -> subscribe(socket, topic, frames));
  }

  /** A socket to any server path, e.g. the bare broadcast server's. */
  public Future<WebSocket> open(String uri) {
    WebSocketClient client = clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
        .onSuccess(socket -> socket.textMessageHandler(deliveries::onFrame));
  }

  private Future<WebSocket> subscribe(WebSocket socket, String topic, Handler<String> frames) {
    Promise<WebSocket> subscribed = Promise.promise();
    socket.textMessageHandler(text -> {
      if (text.contains("\"type\":\"subscribed\"")) {
        socket.textMessageHandler(frames);
        subscribed.tryComplete(socket);
      } else if (text.contains("\"type\":\"error\"")) {
        subscribed.tryFail(new IllegalStateException("subscribe refused: " + text));
      } else {
        frames.handle(text);
      }
    });
    socket.closeHandler(v -> subscribed.tryFail(new IllegalStateException("closed before subscribed: " + socket.closeStatusCode())));
    socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("topics", new JsonArray().add(topic)).encode());
    return subscribed.future().timeout(30, TimeUnit.SECONDS);
  }

  public Future<Void> close() {
    return Future.all(clients.stream().map(WebSocketClient::close).toList()).mapEmpty();
  }
}
