package io.talkmesh.gateway.http;

import io.talkmesh.common.auth.AgentAccess;
import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.ops.Metrics;
import io.talkmesh.common.rpc.RpcClient;
import io.talkmesh.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.core.tracing.TracingPolicy;
import io.talkmesh.common.tracing.Tracing;

/**
 * One gateway instance: an HTTP server and its own broker client, RPC client and talk-manager client.
 * It listens at once and connects to the broker in the background, so a broker outage makes requests 503 and
 * {@code /health/ready} false instead of keeping the gateway down; the client reconnects by itself.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  private static final String PUBLISHER = "api-gateway";

  private final GatewayConfig config;
  private final Listen api;
  private final Listen managementListen;
  private RpcClient rpc;
  private AgentAccess access;
  private final java.util.function.Function<TalkManagerClient, AgentAccess> accessSource;
  private HttpServer server;
  private HttpServer management;

  /**
   * A port to listen on (negative: a random port shared by all instances given the same value) and who is told the
   * actual port once listening.
   */
  public record Listen(int port, IntConsumer bound) {
  }

  /**
   * @param api        the public API's port
   * @param management the management port ({@code /metrics}, health)
   */
  public HttpVerticle(GatewayConfig config, Listen api, Listen management) {
    this(config, api, management, null);
  }

  /**
   * @param accessSource how this instance learns agents' access ({@code null}: its own queue on the access exchange
   *                     and {@code agents.access} RPCs; tests of a gateway without a broker give a fixed one)
   */
  public HttpVerticle(GatewayConfig config, Listen api, Listen management,
                      java.util.function.Function<TalkManagerClient, AgentAccess> accessSource) {
    this.accessSource = accessSource;
    this.config = config;
    this.api = api;
    this.managementListen = management;
  }

  @Override
  public Future<?> start() {
    rpc = new RpcClient(vertx, config.amqp().uri(), PUBLISHER, config.amqp().requestQueue(), config.rpcTimeoutMs())
        .metrics(Metrics.registry(GatewayRouter.SERVICE)).tracing(Tracing.of(vertx));
    TalkManagerClient talkManager = new TalkManagerClient(rpc, PUBLISHER);
    Jwt jwt = new Jwt(vertx, config.auth().jwtSecret(), config.auth().ttlSeconds());
    access = accessSource != null ? accessSource.apply(talkManager)
        : AgentAccess.listening(vertx, config.amqp(), PUBLISHER + ".access", talkManager::access);
    access.start().onFailure(err -> LOG.error("access changes: could not listen at start: {}", err.getMessage()));
    rpc.start()
        .onSuccess(v -> LOG.debug("connected to the broker"))
        .onFailure(err -> LOG.error("could not connect to the broker at start: {}", err.getMessage()));
    // Tokens may come as ?token=…: allow request lines well beyond Netty's 4 KiB default before answering 414.
    server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(120).setMaxInitialLineLength(16 * 1024));
    // probes and scrapes are no traces
    management = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(120)
        .setTracingPolicy(TracingPolicy.IGNORE));
    return server
        .requestHandler(GatewayRouter.create(vertx, talkManager, jwt, access, rpc::isReady, config))
        .listen(api.port())
        .onSuccess(s -> api.bound().accept(s.actualPort()))
        .compose(s -> management.requestHandler(GatewayRouter.management(vertx, rpc::isReady))
            .listen(managementListen.port()))
        .onSuccess(s -> managementListen.bound().accept(s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    return server.shutdown()
        .recover(err -> Future.succeededFuture())
        .eventually(() -> management.close())
        .eventually(() -> access.stop())
        .eventually(() -> rpc.stop());
  }
}
