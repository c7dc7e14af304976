package io.talkmesh.push.subscription;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.common.push.ResumeFrames;
import io.talkmesh.common.push.Typing;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A frame a client sent: {@code {"type":"subscribe"|"unsubscribe","topics":[...]}}, a subscribe optionally with
 * {@code "resume":{"<chat_id>":<last seq>}}, or {@code {"type":"typing_start"|"typing_stop","chat_id"}}; anything
 * else is INVALID_FRAME.
 */
public record ClientFrame(String type, List<String> topics, Map<UUID, Long> resume, UUID chatId) {
  public static final String INVALID_FRAME = "INVALID_FRAME";
  static final int MAX_TOPICS = 100;
  static final int MAX_RESUME = 1000;

  public ClientFrame(String type, List<String> topics) {
    this(type, topics, Map.of(), null);
  }

  public ClientFrame(String type, List<String> topics, Map<UUID, Long> resume) {
    this(type, topics, resume, null);
  }

  public boolean isTyping() {
    return Typing.START.equals(type) || Typing.STOP.equals(type);
  }

  public static ClientFrame parse(String text) {
    Object value;
    try {
      value = Json.decodeValue(text);
    } catch (DecodeException e) {
      value = null;
    }
    if (!(value instanceof JsonObject json)) {
      throw invalid("a frame must be a JSON object");
    }
    Object type = json.getValue(PushFrames.TYPE);
    if (Typing.START.equals(type) || Typing.STOP.equals(type)) {
      Object chat = json.getValue("chat_id");
      try {
        return new ClientFrame((String) type, List.of(), Map.of(), UUID.fromString((String) chat));
      } catch (ClassCastException | IllegalArgumentException | NullPointerException e) {
        throw invalid("chat_id must be a chat id");
      }
    }
    if (!PushFrames.SUBSCRIBE.equals(type) && !PushFrames.UNSUBSCRIBE.equals(type)) {
      throw invalid("type must be \"subscribe\", \"unsubscribe\", \"typing_start\" or \"typing_stop\"");
    }
    if (!(json.getValue(PushFrames.TOPICS) instanceof JsonArray array)) {
      throw invalid("topics must be an array of topic strings");
    }
    if (array.size() > MAX_TOPICS) {
      throw invalid("at most " + MAX_TOPICS + " topics per frame");
    }
    List<String> topics = new ArrayList<>();
    array.forEach(t -> topics.add(t instanceof String s ? s : String.valueOf(t)));
    return new ClientFrame((String) type, topics, resume(json.getValue(ResumeFrames.RESUME)));
  }

  private static Map<UUID, Long> resume(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject json) || json.size() > MAX_RESUME) {
      throw invalid("resume must be an object {\"<chat_id>\": <last seq>} of at most " + MAX_RESUME + " chats");
    }
    Map<UUID, Long> resume = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : json) {
      UUID chatId;
      try {
        chatId = UUID.fromString(entry.getKey());
      } catch (IllegalArgumentException e) {
        throw invalid("resume key '" + entry.getKey() + "' is not a chat id");
      }
      if (!(entry.getValue() instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
        throw invalid("resume value of chat " + chatId + " must be the last seq seen (an integer >= 0)");
      }
      resume.put(chatId, n.longValue());
    }
    return resume;
  }

  private static TalkException invalid(String message) {
    return TalkException.invalid(INVALID_FRAME, "%s", message);
  }
}
