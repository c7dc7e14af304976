package io.talkmesh.gateway.security;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Browser-facing protections on every response: no MIME sniffing, no framing, no referrer, no caching of API
 * answers; and the origin policy ({@link OriginPolicy}: the gateway's own origin and {@code TALK_CORS_ORIGINS}, any
 * other {@code Origin} is 403).
 */
public final class SecurityHeaders {
  private SecurityHeaders() {
  }

  public static void mount(Router router, OriginPolicy origins) {
    router.route().handler(SecurityHeaders::headers);
    router.route().handler(origins.handler());
  }

  private static void headers(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer");
    if (ctx.request().path().startsWith("/v1.0/")) {
      ctx.response().putHeader("Cache-Control", "no-store");
    }
    ctx.next();
  }
}
