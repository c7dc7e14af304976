package io.talkmesh.gateway.security;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;

/**
 * Browser-facing protections on every response: no MIME sniffing, no framing, no referrer, no caching of API
 * answers; and CORS only for the origins the operator lists ({@code TALK_CORS_ORIGINS}; none by default, so only
 * same-origin pages such as /console can call the API from a browser).
 */
public final class SecurityHeaders {
  private SecurityHeaders() {
  }

  public static void mount(Router router, List<String> corsOrigins) {
    router.route().handler(SecurityHeaders::headers);
    if (!corsOrigins.isEmpty()) {
      router.route().handler(CorsHandler.create().addOrigins(corsOrigins)
          .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
          .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "traceparent"))
          .exposedHeaders(Set.of("X-Request-Id", "Retry-After"))
          .maxAgeSeconds(600));
    }
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
