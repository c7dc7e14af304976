package io.talkmesh.push.subscription;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.push.PushFrames;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A frame a client sent: {@code {"type":"subscribe"|"unsubscribe","topics":[...]}}; anything else is INVALID_FRAME. */
public record ClientFrame(String type, List<String> topics) {
  public static final String INVALID_FRAME = "INVALID_FRAME";
  static final int MAX_TOPICS = 100;

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
    if (!PushFrames.SUBSCRIBE.equals(type) && !PushFrames.UNSUBSCRIBE.equals(type)) {
      throw invalid("type must be \"subscribe\" or \"unsubscribe\"");
    }
    if (!(json.getValue(PushFrames.TOPICS) instanceof JsonArray array)) {
      throw invalid("topics must be an array of topic strings");
    }
    if (array.size() > MAX_TOPICS) {
      throw invalid("at most " + MAX_TOPICS + " topics per frame");
    }
    List<String> topics = new ArrayList<>();
    array.forEach(t -> topics.add(t instanceof String s ? s : String.valueOf(t)));
    return new ClientFrame((String) type, topics);
  }

  private static TalkException invalid(String message) {
    return TalkException.invalid(INVALID_FRAME, "%s", message);
  }
}
