package io.talkmesh.common.rpc;

/**
 * What follows one request across the services: the {@code request_id} (logged by every hop, put in RPC envelopes,
 * event headers and WebSocket frames), the W3C {@code traceparent} when the caller sent one ("" otherwise), and its
 * idempotency key. At the gateway the key is the client's {@code Idempotency-Key} ("" if none); inside talk-manager
 * it is the request's dedupe scope (the client's key scoped to the agent and route, else the RPC's correlation id),
 * under which the result of a mutation is stored in the mutation's own transaction.
 */
public record Trace(String requestId, String traceparent, String idempotencyKey) {
  public static final String HEADER_TRACEPARENT = "traceparent";
  public static final String HEADER_IDEMPOTENCY_KEY = "Idempotency-Key";

  public Trace {
    requestId = requestId == null ? "" : requestId;
    traceparent = traceparent == null || !valid(traceparent) ? "" : traceparent;
    idempotencyKey = idempotencyKey == null ? "" : idempotencyKey;
  }

  public Trace(String requestId, String traceparent) {
    this(requestId, traceparent, "");
  }

  /** A W3C trace context header: version-traceid-parentid-flags, lowercase hex. */
  static boolean valid(String traceparent) {
    return traceparent.matches("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  }
}
