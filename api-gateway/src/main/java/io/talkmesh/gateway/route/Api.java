package io.talkmesh.gateway.route;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Mounts authenticated routes that forward to one talk-manager RPC route each. A route is data:
 * method, public path (vertx-web {@code :name} parameters) and RPC URI template ({@code {name}} placeholders).
 */
public final class Api {
  private final Router router;
  private final BodyHandler bodyHandler;
  private final Handler<RoutingContext> auth;
  private final Forward forward;
  private final java.util.Map<String, Handler<RoutingContext>> limits = new java.util.HashMap<>();

  public Api(Router router, BodyHandler bodyHandler, Handler<RoutingContext> auth, Forward forward) {
    this.router = router;
    this.bodyHandler = bodyHandler;
    this.auth = auth;
    this.forward = forward;
  }

  /** Rate-limits POSTs to these paths (mounted later with {@link #forward}) with the limiter, after authentication. */
  public Api limit(io.talkmesh.gateway.security.RateLimiter limiter, String... paths) {
    for (String path : paths) {
      limits.put(path, limiter.handler());
    }
    return this;
  }

  public Api forward(HttpMethod method, String path, String rpcTemplate) {
    Route route = router.route(method, path);
    if (Forward.hasBody(method)) {
      route.handler(bodyHandler);
    }
    route.handler(auth);
    if (method == HttpMethod.POST && limits.containsKey(path)) {
      route.handler(limits.get(path));
    }
    route.handler(forward.to(method, rpcTemplate));
    return this;
  }

  /** A route whose RPC takes no body (e.g. joining a chat): any request body is ignored, none is required. */
  public Api action(HttpMethod method, String path, String rpcTemplate) {
    router.route(method, path).handler(auth).handler(forward.to(method, rpcTemplate, false));
    return this;
  }
}
