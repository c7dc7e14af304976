package io.talkmesh.gateway.http;

import io.talkmesh.common.error.ErrorBody;
import io.talkmesh.common.error.Errors;
import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failed request into an HTTP answer with body
 * {@code {"error":{"status","reason","message","request_id"}}}: route failures, unknown routes (404), wrong methods
 * (405) and oversized bodies (413) alike. Unexpected failures are 500 INTERNAL, logged once with the request id.
 */
public final class HttpErrors implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  /** A contract error and the HTTP status it is answered with (405 and 413 have no status word of their own). */
  public record HttpError(int httpStatus, TalkException error) {
    static HttpError of(TalkException error) {
      return new HttpError(error.status().httpStatus(), error);
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    String requestId = RequestIds.of(ctx);
    HttpError answer = classify(ctx.failure(), ctx.statusCode());
    if (answer.httpStatus() >= 500 && answer.error().status() == Status.INTERNAL) {
      LOG.error("request_id={} {} {} failed", requestId, ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    if (answer.error().retryAfterSeconds() > 0) {
      response.putHeader("Retry-After", Long.toString(answer.error().retryAfterSeconds()));
    }
    response.setStatusCode(answer.httpStatus())
        .putHeader("Content-Type", "application/json")
        .end(ErrorBody.of(answer.error(), requestId).encode());
  }

  /** What a failure (or a bare status code when there is none) is answered with. */
  public static HttpError classify(Throwable failure, int statusCode) {
    if (failure instanceof TalkException talk) {
      return HttpError.of(talk);
    }
    if (failure instanceof HttpException http) {
      return ofStatusCode(http.getStatusCode());
    }
    if (failure == null) {
      return ofStatusCode(statusCode);
    }
    if (isMalformedInput(failure)) {
      return HttpError.of(TalkException.invalid("MALFORMED_REQUEST", "the request URI or body cannot be decoded"));
    }
    if (statusCode >= 400 && statusCode < 500) {
      // a handler (e.g. one of Vert.x's) refused the request with a client status: keep it, never a 500
      return ofStatusCode(statusCode);
    }
    return HttpError.of(Errors.toTalk(failure));
  }

  /**
   * Failures Netty raises while decoding what the client sent (a body that is not what its content type claims):
   * the client's fault, 400, not ours. (Malformed URIs are refused earlier, by {@link JsonBody#refuseUndecodableUris}.)
   */
  private static boolean isMalformedInput(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof io.netty.handler.codec.DecoderException
          || t.getClass().getName().startsWith("io.netty.handler.codec.http.multipart.")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static HttpError ofStatusCode(int code) {
    return switch (code) {
      case 400 -> HttpError.of(TalkException.invalid("BAD_REQUEST", "the request is malformed"));
      case 401 -> HttpError.of(TalkException.unauthenticated("AUTHENTICATION_REQUIRED", "a valid token is required"));
      case 403 -> HttpError.of(TalkException.denied("PERMISSION_DENIED", "not allowed"));
      case 404 -> HttpError.of(TalkException.notFound("ROUTE_NOT_FOUND", "no such route"));
      case 405 -> new HttpError(405, TalkException.invalid("METHOD_NOT_ALLOWED", "this route does not accept that method"));
      case 413 -> new HttpError(413,
          new TalkException(Status.RESOURCE_EXHAUSTED, "BODY_TOO_LARGE", "the request body is too large"));
      default -> code >= 400 && code < 500
          ? new HttpError(code, TalkException.invalid("BAD_REQUEST", "the request was refused (HTTP %d)", code))
          : HttpError.of(TalkException.internal("INTERNAL", "internal error"));
    };
  }
}
