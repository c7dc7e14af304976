package io.talkmesh.common.error;

import io.vertx.core.json.JsonObject;

/** A failure with a status word and a machine-readable reason: the only error type that crosses a boundary. */
public final class TalkException extends RuntimeException {
  private final Status status;
  private final String reason;
  private final long retryAfterSeconds;

  public TalkException(Status status, String reason, String message) {
    this(status, reason, message, 0);
  }

  public TalkException(Status status, String reason, String message, long retryAfterSeconds) {
    this(status, reason, message, retryAfterSeconds, null);
  }

  private TalkException(Status status, String reason, String message, long retryAfterSeconds, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * 500 INTERNAL for a failure no mapping knows (a bug): the failure is kept as the cause, so that the one log line
   * written for it has its stack trace; a cause is what tells such an error from the contract's own 500s.
   */
  public static TalkException unexpected(Throwable cause) {
    return new TalkException(Status.INTERNAL, "INTERNAL", "internal error", 0, cause);
  }

  /** For RESOURCE_EXHAUSTED: when to try again (HTTP {@code Retry-After}); 0 when unknown. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static TalkException exhausted(String reason, long retryAfterSeconds, String format, Object... args) {
    return new TalkException(Status.RESOURCE_EXHAUSTED, reason, String.format(format, args), retryAfterSeconds);
  }

  public Status status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  public static TalkException invalid(String reason, String format, Object... args) {
    return new TalkException(Status.INVALID_ARGUMENT, reason, String.format(format, args));
  }

  public static TalkException unauthenticated(String reason, String format, Object... args) {
    return new TalkException(Status.UNAUTHENTICATED, reason, String.format(format, args));
  }

  public static TalkException denied(String reason, String format, Object... args) {
    return new TalkException(Status.PERMISSION_DENIED, reason, String.format(format, args));
  }

  public static TalkException notFound(String reason, String format, Object... args) {
    return new TalkException(Status.NOT_FOUND, reason, String.format(format, args));
  }

  public static TalkException alreadyExists(String reason, String format, Object... args) {
    return new TalkException(Status.ALREADY_EXISTS, reason, String.format(format, args));
  }

  public static TalkException unavailable(String reason, String format, Object... args) {
    return new TalkException(Status.UNAVAILABLE, reason, String.format(format, args));
  }

  public static TalkException internal(String reason, String format, Object... args) {
    return new TalkException(Status.INTERNAL, reason, String.format(format, args));
  }

  /** The {@code {"status","reason","message"}} object carried in RPC error replies. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("status", status.name()).put("reason", reason).put("message", getMessage());
    return retryAfterSeconds > 0 ? json.put("retry_after", retryAfterSeconds) : json;
  }

  /** Reads an RPC error reply back into an exception; {@code httpStatus} is the reply's status_code. */
  public static TalkException fromJson(int httpStatus, Object data) {
    if (data instanceof JsonObject json && json.getString("status") != null) {
      Status status;
      try {
        status = Status.valueOf(json.getString("status"));
      } catch (IllegalArgumentException e) {
        status = Status.ofHttp(httpStatus);
      }
      Object retry = json.getValue("retry_after");
      return new TalkException(status, json.getString("reason", status.name()), json.getString("message", ""),
          retry instanceof Number n ? n.longValue() : 0);
    }
    Status status = Status.ofHttp(httpStatus);
    return new TalkException(status, status.name(), "remote call failed with status " + httpStatus);
  }

  @Override
  public String toString() {
    return status + "/" + reason + ": " + getMessage();
  }
}
