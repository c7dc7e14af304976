package io.talkmesh.talkmanager.eventlog;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventPage;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.event.LoggedEvent;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.request.eventlog.EventsAfter;
import io.talkmesh.talkmanager.chat.Chats;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
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
      + " WHERE chat_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";
  static final String OLDEST = "SELECT min(seq) AS oldest FROM talk_events WHERE chat_id = $1";
  static final String HEAD = "SELECT event_seq FROM talk_chats WHERE id = $1";

  private final Pool pool;

  public EventLogService(Pool pool) {
    this.pool = pool;
  }

  /**
   * The chat's events after {@code afterSeq} ({@link EventPage}), or a reset page when events after it were already
   * purged. A page holds at most {@code limit} events and {@link #MAX_PAGE_BYTES} of them; its {@code hasMore} says
   * that events follow its last one, so the caller asks again after that seq.
   * <p>
   * Every committed event is served, relayed or not. An event is committed before it is published and marked
   * relayed only after the broker's confirm, so a reader that bound its queue and then reads the log (push-service
   * catching a session up) must see what was published before its binding even while the mark is still on its way;
   * a log of relayed events only lost exactly those. Seq order is commit order (the chat row's lock allocates it), so
   * a snapshot never holds a seq without the ones before it; the live copy of an event served here arrives later
   * and is dropped by seq.
   */
  public Future<EventPage> after(Actor actor, EventsAfter request) {
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
              return Future.succeededFuture(EventPage.purged(chatId));
            }
            return pool.preparedQuery(AFTER).execute(Tuple.of(chatId, afterSeq, limit + 1))
                .map(rows -> page(chatId, rows, limit));
          });
        });
  }

  /** The first {@code limit} events of the rows that fit in {@link #MAX_PAGE_BYTES} (one always does). */
  private static EventPage page(UUID chatId, RowSet<Row> rows, int limit) {
    List<LoggedEvent> events = new ArrayList<>();
    long bytes = 0;
    for (Row row : rows) {
      if (events.size() == limit) {
        return EventPage.of(chatId, events, true);
      }
      LoggedEvent event = new LoggedEvent(row.getUUID("id"), EventType.parse(row.getString("type")),
          row.getLong("seq"), row.getJsonObject("data"));
      bytes += event.toJson().toBuffer().length() + 1;
      if (bytes > MAX_PAGE_BYTES && !events.isEmpty()) {
        return EventPage.of(chatId, events, true);
      }
      events.add(event);
    }
    return EventPage.of(chatId, events, false);
  }
}
