package io.talkmesh.common.error;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * An error as the public services (gateway and push-service) answer it over HTTP: the status code, which is the
 * error's status word's ({@link Status#httpStatus()}) except for 405 and 413 (no word of their own), and the body
 * {@code {"error": {"status", "reason", "message", "request_id"}}}.
 */
public record HttpAnswer(int httpStatus, TalkException error) {

  public static HttpAnswer of(TalkException error) {
    return new HttpAnswer(error.status().httpStatus(), error);
  }

  /** What a bare status code, set by a router or a body handler with no failure of ours, is answered with. */
  public static HttpAnswer ofStatusCode(int code) {
    return switch (code) {
      case 400 -> of(TalkException.invalid("BAD_REQUEST", "the request is malformed"));
      case 401 -> of(TalkException.unauthenticated("AUTHENTICATION_REQUIRED", "a valid token is required"));
      case 403 -> of(TalkException.denied("PERMISSION_DENIED", "not allowed"));
      case 404 -> of(TalkException.notFound("ROUTE_NOT_FOUND", "no such route"));
      case 405 -> new HttpAnswer(405, TalkException.invalid("METHOD_NOT_ALLOWED", "this route does not accept that method"));
      case 413 -> new HttpAnswer(413,
          new TalkException(Status.RESOURCE_EXHAUSTED, "BODY_TOO_LARGE", "the request body is too large"));
      default -> code >= 400 && code < 500
          ? new HttpAnswer(code, TalkException.invalid("BAD_REQUEST", "the request was refused (HTTP %d)", code))
          : of(TalkException.internal("INTERNAL", "internal error"));
    };
  }

  public JsonObject body(String requestId) {
    return new JsonObject().put("error", error.toJson().put("request_id", requestId == null ? "" : requestId));
  }

  /** Answers with it: the status code, {@code Retry-After} when the error says when to retry, the JSON body. */
  public void send(HttpServerResponse response, String requestId) {
    if (error.retryAfterSeconds() > 0) {
      response.putHeader("Retry-After", Long.toString(error.retryAfterSeconds()));
    }
    response.setStatusCode(httpStatus).putHeader("Content-Type", "application/json").end(body(requestId).encode());
  }
}
