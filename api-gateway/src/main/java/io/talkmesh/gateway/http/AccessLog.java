package io.talkmesh.gateway.http;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per HTTP request on logger {@code talk.access} (method, route, status, duration, request_id): with the
 * RPC, event and delivery lines of the other services, one grep for a request_id follows a message end to end.
 */
final class AccessLog {
  private static final Logger ACCESS = LoggerFactory.getLogger("talk.access");

  private AccessLog() {
  }

  static Handler<RoutingContext> handler() {
    return ctx -> {
      long start = System.nanoTime();
      String path = ctx.request().path();
      if (!path.startsWith("/health") && !path.equals("/metrics")) {
        ctx.addBodyEndHandler(v -> ACCESS.info("http {} {} {} {}ms {}", ctx.request().method(), path,
            ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000, kv("request_id", RequestIds.of(ctx))));
      }
      ctx.next();
    };
  }
}
