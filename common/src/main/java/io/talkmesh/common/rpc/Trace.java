package io.talkmesh.common.rpc;

/**
 * What follows one request across the services: the {@code request_id} (logged by every hop, put in RPC envelopes,
 * event headers and WebSocket frames) and the W3C {@code traceparent} when the caller sent one ("" otherwise).
 */
public record Trace(String requestId, String traceparent) {
  public static final String HEADER_TRACEPARENT = "traceparent";

  public Trace {
    requestId = requestId == null ? "" : requestId;
    traceparent = traceparent == null || !valid(traceparent) ? "" : traceparent;
  }

  public static Trace of(String requestId) {
    return new Trace(requestId, "");
  }

  /** A W3C trace context header: version-traceid-parentid-flags, lowercase hex. */
  static boolean valid(String traceparent) {
    return traceparent.matches("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  }
}
