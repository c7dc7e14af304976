package io.talkmesh.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is sane, else a new UUID. The id travels in
 * the RPC, in every error body and back as a response header.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "request_id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {
  }

  public static Handler<RoutingContext> handler() {
    return ctx -> {
      of(ctx);
      ctx.next();
    };
  }

  /** The request's id, assigned on first use (error handlers may run before the handler above did). */
  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    if (id == null) {
      String given = ctx.request().getHeader(HEADER);
      id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
      ctx.put(KEY, id);
      if (!ctx.response().headWritten()) {
        ctx.response().putHeader(HEADER, id);
      }
    }
    return id;
  }
}
