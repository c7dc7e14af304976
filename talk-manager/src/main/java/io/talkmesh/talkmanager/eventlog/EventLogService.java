package io.talkmesh.talkmanager.eventlog;

import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.request.eventlog.EventsAfter;
import io.talkmesh.talkmanager.chat.Chats;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The per-chat event log that clients resume from: the outbox rows, kept for the retention window
 * ({@code TALK_EVENT_RETENTION_HOURS}). Answers "events of chat X after seq N", or tells the caller to reload
 * through the REST API when the log no longer reaches back that far.
 */
public final class EventLogService {
  /** A page's encoded events stop at this many bytes (one event always fits; events are bounded, docs/rpc.md). */
  public static final int MAX_PAGE_BYTES = 1024 * 1024;

  static final String AFTER = "SELECT id, seq, type, data, tm_create FROM talk_events"
      + " WHERE chat_id = $1 AND seq > $2 AND tm_relayed IS NOT NULL ORDER BY seq LIMIT $3";
  static final String OLDEST = "SELECT min(seq) AS oldest FROM talk_events WHERE chat_id = $1";
  static final String HEAD = "SELECT event_seq FROM talk_chats WHERE id = $1";

  private final Pool pool;

  public EventLogService(Pool pool) {
    this.pool = pool;
  }

  /**
   * {@code {"chat_id","events":[{"id","type","seq","data"}],"reset":false,"has_more":false}}; {@code reset: true}
   * (and no events) when events after {@code afterSeq} were already purged. A page holds at most {@code limit}
   * events and {@link #MAX_PAGE_BYTES} of them; {@code has_more} says that relayed events follow its last one, so
   * the caller asks again after that seq. Only relayed events are returned, so a resumed client never sees an
   * event ahead of the live stream's order.
   */
  public Future<JsonObject> after(Actor actor, EventsAfter request) {
    UUID chatId = request.chatId();
    long afterSeq = request.afterSeq();
    int limit = request.limit();
    // The REST reader rule for everyone: a manager resumes a private chat only if a participant of it.
    return Chats.readable(pool, actor, chatId)
        .compose(chat -> pool.preparedQuery(OLDEST).execute(Tuple.of(chatId)))
        .compose(oldestRows -> {
          Long oldest = oldestRows.iterator().next().getLong("oldest");
          return pool.preparedQuery(HEAD).execute(Tuple.of(chatId)).compose(headRows -> {
            long head = headRows.iterator().next().getLong("event_seq");
            boolean purged = afterSeq < head && (oldest == null || oldest > afterSeq + 1);
            if (purged) {
              return Future.succeededFuture(result(chatId, new JsonArray(), true, false));
            }
            return pool.preparedQuery(AFTER).execute(Tuple.of(chatId, afterSeq, limit + 1)).map(rows -> {
              JsonArray events = new JsonArray();
              long bytes = 0;
              boolean more = false;
              for (Row row : rows) {
                if (events.size() == limit) {
                  more = true;
                  break;
                }
                JsonObject event = new JsonObject().put("id", row.getUUID("id").toString())
                    .put("type", EventType.parse(row.getString("type")).wire())
                    .put("seq", row.getLong("seq"))
                    .put("data", row.getValue("data"));
                bytes += event.toBuffer().length() + 1;
                if (bytes > MAX_PAGE_BYTES && !events.isEmpty()) {
                  more = true;
                  break;
                }
                events.add(event);
              }
              return result(chatId, events, false, more);
            });
          });
        });
  }

  /** Deletes relayed events older than the retention window; returns how many. */
  public Future<Integer> purge(int retentionHours) {
    return pool.preparedQuery("DELETE FROM talk_events WHERE tm_relayed IS NOT NULL"
            + " AND tm_create < now() - make_interval(hours => $1)")
        .execute(Tuple.of(retentionHours)).map(rows -> rows.rowCount());
  }

  private static JsonObject result(UUID chatId, JsonArray events, boolean reset, boolean more) {
    return new JsonObject().put("chat_id", chatId.toString()).put("events", events).put("reset", reset)
        .put("has_more", more);
  }
}
