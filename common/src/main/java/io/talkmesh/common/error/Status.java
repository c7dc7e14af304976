package io.talkmesh.common.error;

/** The status words of the wire contract and the HTTP status each maps to. */
public enum Status {
  INVALID_ARGUMENT(400),
  UNAUTHENTICATED(401),
  PERMISSION_DENIED(403),
  NOT_FOUND(404),
  ALREADY_EXISTS(409),
  FAILED_PRECONDITION(409),
  RESOURCE_EXHAUSTED(429),
  INTERNAL(500),
  UNAVAILABLE(503),
  DEADLINE_EXCEEDED(504);

  private final int httpStatus;

  Status(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The status word for an HTTP status code received over the wire. */
  public static Status ofHttp(int code) {
    for (Status s : values()) {
      if (s.httpStatus == code) {
        return s;
      }
    }
    return code >= 500 ? INTERNAL : INVALID_ARGUMENT;
  }
}
