package io.talkmesh.common.event;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * A page of a chat's event log, oldest first (talk-manager's {@code GET /v1/chats/{id}/events?after_seq=&limit=}):
 * {@code {"chat_id","events":[{"id","type","seq","data"}],"reset","has_more"}}. {@code reset} (with no events) says
 * the log no longer reaches back to the asked seq: the caller reloads the chat through the REST API. {@code has_more}
 * says that events follow this page (bounded in count and bytes): ask again after its last seq; it is {@code null}
 * only in a page from a talk-manager that predates the field (then a full page is the only hint).
 */
public record EventPage(UUID chatId, List<LoggedEvent> events, boolean reset, Boolean hasMore) {
  static final String CHAT_ID = "chat_id";
  static final String EVENTS = "events";
  static final String RESET = "reset";
  static final String HAS_MORE = "has_more";

  public EventPage {
    events = List.copyOf(events);
  }

  /** The events after the asked seq are past the retention window. */
  public static EventPage purged(UUID chatId) {
    return new EventPage(chatId, List.of(), true, false);
  }

  public static EventPage of(UUID chatId, List<LoggedEvent> events, boolean hasMore) {
    return new EventPage(chatId, events, false, hasMore);
  }

  public JsonObject toJson() {
    JsonArray items = new JsonArray();
    events.forEach(e -> items.add(e.toJson()));
    JsonObject json = new JsonObject().put(CHAT_ID, chatId.toString()).put(EVENTS, items).put(RESET, reset);
    return hasMore == null ? json : json.put(HAS_MORE, hasMore);
  }

  /** Reads a page; throws IllegalArgumentException when it is not one. */
  public static EventPage fromJson(JsonObject json) {
    try {
      List<LoggedEvent> events = json.getJsonArray(EVENTS, new JsonArray()).stream()
          .map(o -> LoggedEvent.fromJson((JsonObject) o)).toList();
      return new EventPage(UUID.fromString(json.getString(CHAT_ID)), events, json.getBoolean(RESET, false),
          json.getValue(HAS_MORE) instanceof Boolean more ? more : null);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an event-log page: " + e.getMessage(), e);
    }
  }
}
