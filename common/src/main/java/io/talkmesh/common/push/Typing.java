package io.talkmesh.common.push;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A typing signal (docs/websocket.md, "Typing"): agent {@code agentId} started or stopped typing in a chat. Clients
 * send {@code {"type":"typing_start"|"typing_stop","chat_id"}}; push instances trade it on the signal exchange as
 * {@code <customer>.<chat>.typing} and push {@code {"type":"typing","data":{chat_id, agent_id, state,
 * expires_in_ms}}} to the chat's other connected readers. Never stored, no seq: lossy by design.
 */
public record Typing(UUID customerId, UUID chatId, UUID agentId, boolean started) {
  public static final String START = "typing_start";
  public static final String STOP = "typing_stop";
  public static final String FRAME = "typing";
  public static final String KIND = "typing";
  public static final String STARTED = "started";
  public static final String STOPPED = "stopped";
  /** A typing indicator not repeated within this long is over: receivers drop it (a client repeats every ~3 s). */
  public static final long EXPIRES_MS = 5000;

  public String routingKey() {
    return customerId + "." + chatId + "." + KIND;
  }

  public Buffer body() {
    return new JsonObject().put("customer_id", customerId.toString()).put("chat_id", chatId.toString())
        .put("agent_id", agentId.toString()).put("state", started ? STARTED : STOPPED).toBuffer();
  }

  /** Reads a signal from the exchange; throws IllegalArgumentException when it is not one. */
  public static Typing fromBody(Buffer body) {
    try {
      JsonObject json = new JsonObject(body);
      String state = json.getString("state");
      if (!STARTED.equals(state) && !STOPPED.equals(state)) {
        throw new IllegalArgumentException("state " + state);
      }
      return new Typing(UUID.fromString(json.getString("customer_id")), UUID.fromString(json.getString("chat_id")),
          UUID.fromString(json.getString("agent_id")), STARTED.equals(state));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a typing signal: " + e.getMessage(), e);
    }
  }

  /** The frame pushed to the chat's other readers. */
  public JsonObject toFrame() {
    return new JsonObject().put("type", FRAME).put("data", new JsonObject()
        .put("chat_id", chatId.toString()).put("agent_id", agentId.toString())
        .put("state", started ? STARTED : STOPPED).put("expires_in_ms", started ? EXPIRES_MS : 0));
  }
}
