package io.talkmesh.gateway.http;

import io.talkmesh.common.error.Errors;
import io.talkmesh.common.error.HttpAnswer;
import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's failure handler: turns a failed request into its {@link HttpAnswer} (route failures, unknown routes
 * (404), wrong methods (405) and oversized bodies (413) alike) and keeps only what is particular to Vert.x Web:
 * its {@link HttpException}s, the status codes its handlers set, Netty's decoding failures. Unexpected failures are
 * 500 INTERNAL, logged once with the request id.
 */
public final class HttpErrors implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  @Override
  public void handle(RoutingContext ctx) {
    String requestId = RequestIds.of(ctx);
    HttpAnswer answer = classify(ctx.failure(), ctx.statusCode());
    if (answer.httpStatus() >= 500 && answer.error().status() == Status.INTERNAL) {
      LOG.error("request_id={} {} {} failed", requestId, ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    answer.send(response, requestId);
  }

  /** What a failure (or a bare status code when there is none) is answered with. */
  public static HttpAnswer classify(Throwable failure, int statusCode) {
    if (failure instanceof TalkException talk) {
      return HttpAnswer.of(talk);
    }
    if (failure instanceof HttpException http) {
      return HttpAnswer.ofStatusCode(http.getStatusCode());
    }
    if (failure == null) {
      return HttpAnswer.ofStatusCode(statusCode);
    }
    if (isMalformedInput(failure)) {
      return HttpAnswer.of(TalkException.invalid("MALFORMED_REQUEST", "the request URI or body cannot be decoded"));
    }
    if (statusCode >= 400 && statusCode < 500) {
      // a handler (e.g. one of Vert.x's) refused the request with a client status: keep it, never a 500
      return HttpAnswer.ofStatusCode(statusCode);
    }
    return HttpAnswer.of(Errors.toTalk(failure));
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
}
