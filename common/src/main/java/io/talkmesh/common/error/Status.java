package io.talkmesh.common.error;

/** The status words of the wire contract; {@link #httpStatus()} is the one place a word becomes an HTTP status. */
public enum Status {
  INVALID_ARGUMENT,
  UNAUTHENTICATED,
  PERMISSION_DENIED,
  NOT_FOUND,
  ALREADY_EXISTS,
  FAILED_PRECONDITION,
  RESOURCE_EXHAUSTED,
  INTERNAL,
  UNAVAILABLE,
  DEADLINE_EXCEEDED;

  /** The HTTP status this word is answered with (the RPC envelope's status_code carries the same). */
  public int httpStatus() {
    return switch (this) {
      case INVALID_ARGUMENT -> 400;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, FAILED_PRECONDITION -> 409;
      case RESOURCE_EXHAUSTED -> 429;
      case INTERNAL -> 500;
      case UNAVAILABLE -> 503;
      case DEADLINE_EXCEEDED -> 504;
    };
  }

  /** The status word for an HTTP status code received over the wire (the first word that maps to it). */
  public static Status ofHttp(int code) {
    for (Status s : values()) {
      if (s.httpStatus() == code) {
        return s;
      }
    }
    return code >= 500 ? INTERNAL : INVALID_ARGUMENT;
  }
}
