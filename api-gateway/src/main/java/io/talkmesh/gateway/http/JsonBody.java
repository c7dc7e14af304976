package io.talkmesh.gateway.http;

import io.talkmesh.common.error.TalkException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** Reads a request body that must be a JSON object; every way it can fail to be one is a 400, never a 500. */
public final class JsonBody {
  public static final String INVALID_JSON_BODY = "INVALID_JSON_BODY";
  private static final String FORM = "application/x-www-form-urlencoded";

  private JsonBody() {
  }

  /**
   * Every body is read as JSON whatever its declared type, as VoIPBIN does: {@code curl -d} sends a JSON text as
   * {@code application/x-www-form-urlencoded}, seed 004's examples as {@code text/plain}. A url-encoded body is
   * relabelled {@code application/json} before the {@link io.vertx.ext.web.handler.BodyHandler} sees it, which would
   * otherwise decode it as a form: a JSON text with a stray {@code %} fails to decode, and the "fields" would be merged
   * into the request's parameters (where {@code ?token=} is read). Multipart bodies stay refused, 400
   * UNSUPPORTED_CONTENT_TYPE: they are never one JSON text, and their decoder writes uploads to disk.
   */
  public static Handler<RoutingContext> readAsJson() {
    return ctx -> {
      String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      String lower = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
      if (lower.startsWith("multipart/")) {
        ctx.fail(TalkException.invalid("UNSUPPORTED_CONTENT_TYPE", "the API takes JSON bodies, not multipart forms"));
        return;
      }
      if (lower.startsWith(FORM)) {
        ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
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
