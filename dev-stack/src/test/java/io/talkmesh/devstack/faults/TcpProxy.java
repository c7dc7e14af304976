package io.talkmesh.devstack.faults;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy in front of the broker or the database, in its own Vert.x instance, that can cut the line: {@link #cut()}
 * drops every connection and refuses new ones (accepted, then closed at once) until {@link #restore()}. The technique
 * of vertx-rabbitmq-client's own reconnect tests; the services only ever see a peer that went away.
 */
final class TcpProxy implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final String targetHost;
  private final int targetPort;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private final NetClient client;
  private NetServer server;
  private volatile boolean cut;

  private TcpProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5000));
  }

  /** Listens on a random local port and forwards to {@code targetHost:targetPort}. */
  static TcpProxy start(String targetHost, int targetPort) throws Exception {
    TcpProxy proxy = new TcpProxy(targetHost, targetPort);
    proxy.server = proxy.vertx.createNetServer().connectHandler(proxy::accept);
    proxy.server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return proxy;
  }

  int port() {
    return server.actualPort();
  }

  /** {@code target} (the URI of what this proxy forwards to) with host and port replaced by the proxy's. */
  String uriFor(URI target) throws URISyntaxException {
    return new URI(target.getScheme(), target.getRawUserInfo(), "127.0.0.1", port(), target.getRawPath(),
        target.getRawQuery(), null).toString();
  }

  /** Connections forwarded now (each is an inbound and an outbound socket). */
  int connections() {
    return open.size() / 2;
  }

  /** Drops every connection now and refuses new ones until {@link #restore()}. */
  void cut() {
    cut = true;
    open.forEach(NetSocket::close);
  }

  void restore() {
    cut = false;
  }

  private void accept(NetSocket inbound) {
    if (cut) {
      inbound.close();
      return;
    }
    inbound.pause();
    client.connect(targetPort, targetHost).onComplete(ar -> {
      if (ar.failed() || cut) {
        inbound.close();
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      NetSocket outbound = ar.result();
      open.add(inbound);
      open.add(outbound);
      inbound.closeHandler(v -> {
        open.remove(inbound);
        outbound.close();
      });
      outbound.closeHandler(v -> {
        open.remove(outbound);
        inbound.close();
      });
      inbound.pipeTo(outbound);
      outbound.pipeTo(inbound);
    });
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
