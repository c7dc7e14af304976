package io.talkmesh.common.error;

import io.vertx.core.json.JsonObject;

/**
 * The body of every HTTP error answered by the public services (gateway and push-service):
 * {@code {"error": {"status", "reason", "message", "request_id"}}}.
 */
public final class ErrorBody {
  private ErrorBody() {
  }

  public static JsonObject of(TalkException error, String requestId) {
    return new JsonObject().put("error", error.toJson().put("request_id", requestId == null ? "" : requestId));
  }
}
