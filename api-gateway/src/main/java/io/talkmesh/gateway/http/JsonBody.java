package io.talkmesh.gateway.http;

import io.talkmesh.common.error.TalkException;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads a request body that must be a JSON object; every way it can fail to be one is a 400, never a 500. */
public final class JsonBody {
  public static final String INVALID_JSON_BODY = "INVALID_JSON_BODY";

  private JsonBody() {
  }

  /**
   * Refuses form and multipart bodies before anything parses them: the API speaks JSON (also sent as text/plain, as
   * seed 004's examples do), and the form decoder would otherwise turn a hostile body into a 500.
   */
  public static Handler<RoutingContext> refuseForms() {
    return ctx -> {
      String type = ctx.request().getHeader("Content-Type");
      String lower = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded")) {
        ctx.fail(TalkException.invalid("UNSUPPORTED_CONTENT_TYPE", "the API takes JSON bodies, not %s",
            lower.startsWith("multipart/") ? "multipart forms" : "url-encoded forms"));
        return;
      }
      ctx.next();
    };
  }

  /**
   * Refuses a request whose path or query does not decode (a stray or malformed %-escape) with 400, before the router
   * decodes path parameters (which would otherwise fail as a 500).
   */
  public static Handler<RoutingContext> refuseUndecodableUris() {
    return ctx -> {
      try {
        java.net.URLDecoder.decode(ctx.request().path().replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        ctx.request().params();
      } catch (IllegalArgumentException e) {
        ctx.fail(TalkException.invalid("MALFORMED_URI", "the request path or query has a malformed %%-escape"));
        return;
      }
      ctx.next();
    };
  }

  public static JsonObject object(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException | IllegalStateException e) {
      throw TalkException.invalid(INVALID_JSON_BODY, "the request body must be a JSON object");
    }
    if (body == null) {
      throw TalkException.invalid(INVALID_JSON_BODY, "the request body must be a JSON object, got none");
    }
    return body;
  }
}
