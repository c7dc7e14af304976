package io.talkmesh.gateway;

import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.amqp.Amqp;
import io.talkmesh.common.rpc.RpcClient;
import io.talkmesh.gateway.http.GatewayRouter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's router for tests of what the gateway answers by itself: its talk-manager client points at a closed
 * port, so nothing needs a broker and anything that would reach talk-manager is unavailable.
 */
final class OfflineRouter {
  static final String SECRET = "a-test-secret-that-is-long-enough-0123456789";
  static final String NO_BROKER = "amqp://guest:guest@127.0.0.1:1";

  private OfflineRouter() {
  }

  /** The router, its RPC client named {@code name} (queue {@code name.request}), tokens signed with {@link #SECRET}. */
  static Router create(Vertx vertx, String name) {
    RpcClient rpc = new RpcClient(vertx, NO_BROKER, name, name + ".request", 1000);
    return GatewayRouter.create(vertx, new TalkManagerClient(rpc, name), new Jwt(vertx, SECRET, 3600), () -> false,
        1024);
  }

  /** Serves {@code router} on a free local port. */
  static HttpServer serve(Vertx vertx, Router router) throws Exception {
    return vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
  }

  /** A client of {@code server} that shows redirects as they are rather than following them. */
  static WebClient client(Vertx vertx, HttpServer server) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(server.actualPort()).setFollowRedirects(false));
  }
}
