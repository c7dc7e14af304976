package io.talkmesh.common.event;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One event as the chat's event log serves it: {@code {"id","type","seq","data"}}, the outbox row of an event
 * already relayed to the broker (so {@code id} and {@code seq} are those the live {@link Event} carried).
 */
public record LoggedEvent(UUID id, EventType type, long seq, JsonObject data) {
  static final String ID = "id";
  static final String TYPE = "type";
  static final String SEQ = "seq";
  static final String DATA = "data";

  public JsonObject toJson() {
    return new JsonObject().put(ID, id.toString()).put(TYPE, type.wire()).put(SEQ, seq).put(DATA, data);
  }

  /** Reads one item of an event-log page; throws IllegalArgumentException when it is not one. */
  public static LoggedEvent fromJson(JsonObject json) {
    try {
      return new LoggedEvent(UUID.fromString(json.getString(ID)), EventType.parse(json.getString(TYPE)),
          json.getLong(SEQ), json.getJsonObject(DATA));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a logged event: " + e.getMessage(), e);
    }
  }

  /** The frame pushed to WebSocket clients, the same as the live event's ({@link Event#toFrame()}). */
  public JsonObject toFrame() {
    return Event.frame(type, seq, data);
  }
}
