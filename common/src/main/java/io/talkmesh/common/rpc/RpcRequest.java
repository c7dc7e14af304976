package io.talkmesh.common.rpc;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.model.Actor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RPC request envelope, VoIPBIN's shape plus the acting identity and the trace context:
 * {@code {"uri","method","publisher","data_type","data","request_id","actor","traceparent"}}.
 */
public record RpcRequest(String uri, String method, String publisher, JsonObject data, String requestId, Actor actor,
                         String traceparent, String idempotencyKey, String correlationId) {
  public static final String JSON = "application/json";

  public static RpcRequest of(String method, String uri, JsonObject data, Actor actor, String publisher,
                              String requestId) {
    return new RpcRequest(uri, method, publisher, data, requestId, actor, "", "", "");
  }

  public static RpcRequest of(String method, String uri, JsonObject data, Actor actor, String publisher, Trace trace) {
    return new RpcRequest(uri, method, publisher, data, trace.requestId(), actor, trace.traceparent(),
        trace.idempotencyKey(), "");
  }

  /** The same request as delivered by the broker with this correlation id (the server side's view). */
  public RpcRequest delivered(String correlationId) {
    return new RpcRequest(uri, method, publisher, data, requestId, actor, traceparent, idempotencyKey,
        correlationId == null ? "" : correlationId);
  }

  /** The same request continuing the trace from another span (the caller's RPC span, the server's). */
  public RpcRequest withTraceparent(String traceparent) {
    return new RpcRequest(uri, method, publisher, data, requestId, actor, traceparent, idempotencyKey, correlationId);
  }

  /**
   * The request id, traceparent and dedupe scope, for logs, events and idempotent mutations. The scope is the
   * client's idempotency key for this agent and route, else the broker delivery's correlation id (so a request the
   * broker redelivers after a crash is answered from the stored result), else "" (no dedupe).
   */
  public Trace trace() {
    String scope;
    if (!idempotencyKey.isEmpty() && actor != null) {
      scope = "key:" + actor.ownerId() + ":" + method + " " + path() + ":" + idempotencyKey;
    } else if (!correlationId.isEmpty()) {
      scope = "rpc:" + correlationId;
    } else {
      scope = "";
    }
    return new Trace(requestId, traceparent, scope);
  }

  /** The path of {@link #uri()} without its query string. */
  public String path() {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  /** The decoded query parameters of {@link #uri()}; the first value of a repeated name wins. */
  public Map<String, String> query() {
    Map<String, String> params = new LinkedHashMap<>();
    int q = uri.indexOf('?');
    if (q < 0) {
      return params;
    }
    for (String pair : uri.substring(q + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(name, value);
    }
    return params;
  }

  /** The body, or an empty object when the request has none. */
  public JsonObject body() {
    return data == null ? new JsonObject() : data;
  }

  public Actor requireActor() {
    if (actor == null) {
      throw TalkException.unauthenticated("ACTOR_REQUIRED", "this route needs an acting identity");
    }
    return actor;
  }

  public Buffer toBuffer() {
    JsonObject json = new JsonObject().put("uri", uri).put("method", method).put("publisher", publisher)
        .put("data_type", data == null ? "" : JSON).put("request_id", requestId);
    if (data != null) {
      json.put("data", data);
    }
    if (actor != null) {
      json.put("actor", actor.toJson());
    }
    if (traceparent != null && !traceparent.isEmpty()) {
      json.put("traceparent", traceparent);
    }
    if (idempotencyKey != null && !idempotencyKey.isEmpty()) {
      json.put("idempotency_key", idempotencyKey);
    }
    return json.toBuffer();
  }

  public static RpcRequest fromBuffer(Buffer buffer) {
    JsonObject json;
    try {
      json = new JsonObject(buffer);
    } catch (DecodeException | ClassCastException e) {
      throw TalkException.invalid("INVALID_ENVELOPE", "RPC request is not a JSON object");
    }
    String uri = Fields.requiredString(json, "uri");
    String method = Fields.requiredString(json, "method");
    Object data = json.getValue("data");
    JsonObject body = data == null ? null : Fields.object(data, "data");
    Object actorJson = json.getValue("actor");
    Actor actor;
    try {
      actor = actorJson == null ? null : Actor.fromJson(Fields.object(actorJson, "actor"));
    } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
      throw TalkException.invalid("INVALID_ENVELOPE", "actor is malformed");
    }
    // request_id is stored with every event the request causes: bounded like every stored field.
    return new RpcRequest(uri, method, Fields.limited("publisher", Fields.optionalString(json, "publisher", ""), 255), body,
        Fields.limited("request_id", Fields.optionalString(json, "request_id", ""), 255), actor,
        new Trace("", Fields.optionalString(json, "traceparent", "")).traceparent(),
        Fields.limited("idempotency_key", Fields.optionalString(json, "idempotency_key", ""), 255), "");
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
