package io.talkmesh.gateway.route;

import io.talkmesh.gateway.GatewayConfig;
import io.talkmesh.gateway.security.RateLimiter;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.EnumMap;
import java.util.Map;

/**
 * Mounts authenticated public routes that forward to one talk-manager operation each: the body handler when the
 * route reads a body, authentication, the route's rate limit, then {@link Forward}.
 */
public final class Api {
  private final Router router;
  private final BodyHandler bodyHandler;
  private final Handler<RoutingContext> auth;
  private final Forward forward;
  private final Map<Limit, Handler<RoutingContext>> limits = new EnumMap<>(Limit.class);

  /** @param config the rates of the limit classes: one token bucket per class, shared by its routes */
  public Api(Router router, BodyHandler bodyHandler, Handler<RoutingContext> auth, Forward forward,
             GatewayConfig config) {
    this.router = router;
    this.bodyHandler = bodyHandler;
    this.auth = auth;
    this.forward = forward;
    for (Limit limit : Limit.values()) {
      RateLimiter limiter = limit.limiter(config);
      if (limiter != null) {
        limits.put(limit, limiter.handler());
      }
    }
  }

  public Api mount(PublicRoute publicRoute) {
    Route route = router.route(publicRoute.method(), publicRoute.path());
    if (publicRoute.takesBody()) {
      route.handler(bodyHandler);
    }
    route.handler(auth);
    Handler<RoutingContext> limit = limits.get(publicRoute.limit());
    if (limit != null) {
      route.handler(limit);
    }
    route.handler(forward.to(publicRoute));
    return this;
  }
}
