package io.talkmesh.common.push;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The resume part of the WebSocket protocol (docs/websocket.md), beside {@link PushFrames}. A subscribe frame may
 * carry {@code "resume": {"<chat_id>": <last seq seen>, ...}}; for each such chat the server sends the missed events
 * in order, then {@code {"type":"resumed","chat_id","seq"}}, then live events; or, when the missed events are no
 * longer available (or the chat is no longer readable), {@code {"type":"reset","chat_id","reason","message"}}: the
 * client reloads that chat through the REST API. Also the close codes beyond {@link PushFrames}'.
 */
public final class ResumeFrames {
  public static final String RESUME = "resume";
  public static final String RESUMED = "resumed";
  public static final String RESET = "reset";
  public static final String CHAT_ID = "chat_id";
  public static final String SEQ = "seq";

  /** The event log no longer reaches back to the client's seq (retention window passed). */
  public static final String REASON_EVENTS_PURGED = "EVENTS_PURGED";

  /** Close code and reason when a client sent nothing (not even a pong) for the idle timeout. */
  public static final short CLOSE_IDLE = 4000;
  public static final String CLOSE_IDLE_REASON = "idle timeout: resume";
  /** Close code and reason when missed events could not be fetched (talk-manager unreachable): retry later. */
  public static final short CLOSE_TRY_AGAIN = 1013;
  public static final String CLOSE_TRY_AGAIN_REASON = "resume unavailable: reconnect and resume later";

  private ResumeFrames() {
  }

  public static JsonObject resumed(UUID chatId, long seq) {
    return new JsonObject().put(PushFrames.TYPE, RESUMED).put(CHAT_ID, chatId.toString()).put(SEQ, seq);
  }

  public static JsonObject reset(UUID chatId, String reason, String message) {
    return new JsonObject().put(PushFrames.TYPE, RESET).put(CHAT_ID, chatId.toString())
        .put(PushFrames.REASON, reason).put(PushFrames.MESSAGE, message);
  }
}
