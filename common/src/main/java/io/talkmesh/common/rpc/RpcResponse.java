package io.talkmesh.common.rpc;

import io.talkmesh.common.error.Errors;
import io.talkmesh.common.error.TalkException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** An RPC response envelope: {@code {"status_code","data_type","data"}}; errors carry {@code {"status","reason","message"}}. */
public record RpcResponse(int statusCode, Object data) {

  public static RpcResponse ok(Object data) {
    return new RpcResponse(200, data);
  }

  /** The error reply for a failure, as {@link Errors#toTalk} maps it; {@link #dataOrThrow()} reads it back. */
  public static RpcResponse error(Throwable failure) {
    TalkException e = Errors.toTalk(failure);
    return new RpcResponse(e.status().httpStatus(), e.toJson());
  }

  public boolean succeeded() {
    return statusCode < 400;
  }

  /** The data of a successful response, or the failure it describes. */
  public Object dataOrThrow() {
    if (!succeeded()) {
      throw TalkException.fromJson(statusCode, data);
    }
    return data;
  }

  public Buffer toBuffer() {
    JsonObject json = new JsonObject().put("status_code", statusCode).put("data_type", RpcRequest.JSON);
    if (data != null) {
      json.put("data", data);
    }
    return json.toBuffer();
  }

  public static RpcResponse fromBuffer(Buffer buffer) {
    JsonObject json = new JsonObject(buffer);
    return new RpcResponse(json.getInteger("status_code", 500), json.getValue("data"));
  }
}
