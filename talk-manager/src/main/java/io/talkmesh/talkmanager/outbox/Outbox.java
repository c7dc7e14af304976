package io.talkmesh.talkmanager.outbox;

import io.talkmesh.common.rpc.Trace;
import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.talkmanager.db.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/**
 * Appends domain events inside the caller's transaction. The chat's next seq comes from talk_chats.event_seq in
 * the same statement, so the chat's row lock orders its events and seq has no gaps.
 */
public final class Outbox {
  static final String APPEND = """
      WITH next AS (UPDATE talk_chats SET event_seq = event_seq + 1 WHERE id = $1 RETURNING event_seq)
      INSERT INTO talk_events (id, customer_id, chat_id, seq, type, data, request_id, tm_create, traceparent)
      SELECT $2, $3, $1, next.event_seq, $4, $5, $6, $7, $8 FROM next
      RETURNING seq""";
  /** The same for an agent's own stream, numbered by agents.event_seq. */
  static final String APPEND_TO_AGENT = """
      WITH next AS (UPDATE agents SET event_seq = event_seq + 1 WHERE id = $1 RETURNING event_seq)
      INSERT INTO talk_events (id, customer_id, chat_id, seq, type, data, request_id, tm_create, traceparent)
      SELECT $2, $3, $1, next.event_seq, $4, $5, $6, $7, $8 FROM next
      RETURNING seq""";
  /** The same for a webhook endpoint's own stream (internal events), numbered by talk_webhook_endpoints.event_seq. */
  static final String APPEND_TO_ENDPOINT = """
      WITH next AS (UPDATE talk_webhook_endpoints SET event_seq = event_seq + 1 WHERE id = $1 RETURNING event_seq)
      INSERT INTO talk_events (id, customer_id, chat_id, seq, type, data, request_id, tm_create, traceparent)
      SELECT $2, $3, $1, next.event_seq, $4, $5, $6, $7, $8 FROM next
      RETURNING seq""";

  /**
   * Erases a deleted message's content from its earlier events (created, updated, reaction_updated), so the event
   * log never replays it. The chat's events are found through the (chat_id, seq) key.
   */
  static final String REDACT_MESSAGE = "UPDATE talk_events SET data = data || jsonb_build_object('text', '',"
      + " 'medias', '[]'::jsonb, 'metadata', jsonb_build_object('reactions', '[]'::jsonb), 'mentions', '[]'::jsonb)"
      // a reaction event's reaction_change keeps only whether it added or removed, not the emoji nor who
      + " || CASE WHEN data ? 'reaction_change' THEN jsonb_build_object('reaction_change',"
      + " jsonb_build_object('action', data->'reaction_change'->'action')) ELSE '{}'::jsonb END"
      + " WHERE chat_id = $1 AND type = ANY($3) AND data->>'id' = $2";
  private static final String[] MESSAGE_CONTENT_EVENTS = {EventType.CHATMESSAGE_CREATED.wire(),
      EventType.CHATMESSAGE_UPDATED.wire(), EventType.CHATMESSAGE_REACTION_UPDATED.wire()};
  /** The same for the message inside its pin events, found by the pin's message_id. */
  static final String REDACT_PINNED_MESSAGE = "UPDATE talk_events SET data = jsonb_set(data, '{message}',"
      + " (data->'message') || jsonb_build_object('text', '', 'medias', '[]'::jsonb, 'metadata',"
      + " jsonb_build_object('reactions', '[]'::jsonb), 'mentions', '[]'::jsonb))"
      + " WHERE chat_id = $1 AND type = ANY($3) AND data->>'message_id' = $2 AND data ? 'message'";
  private static final String[] PIN_EVENTS = {EventType.CHATMESSAGE_PINNED.wire(), EventType.CHATMESSAGE_UNPINNED.wire()};

  private Outbox() {
  }

  /** Erases the message's text, medias and reactions from its events, its pins' included, in the caller's transaction. */
  public static Future<Integer> redactMessage(SqlConnection tx, UUID chatId, UUID messageId) {
    return tx.preparedQuery(REDACT_MESSAGE).execute(Tuple.of(chatId, messageId.toString(), MESSAGE_CONTENT_EVENTS))
        .compose(own -> tx.preparedQuery(REDACT_PINNED_MESSAGE).execute(Tuple.of(chatId, messageId.toString(), PIN_EVENTS))
            .map(pins -> own.rowCount() + pins.rowCount()));
  }

  /**
   * Appends an event of the agent's own stream ({@link EventType#agentStream()}): the agent's row numbers it, and
   * it travels as {@code <customer>.<agent>.<type>}, so only the agent's sessions receive it (docs/read-state.md).
   */
  public static Future<Event> appendToAgent(SqlConnection tx, UUID customerId, UUID agentId, EventType type,
                                            JsonObject data, Trace trace) {
    if (!type.agentStream()) {
      throw new IllegalArgumentException(type.wire() + " belongs to a chat's stream");
    }
    return insert(tx, APPEND_TO_AGENT, customerId, agentId, type, data, trace);
  }

  /**
   * Appends an internal event ({@link EventType#internal()}) to a webhook endpoint's own stream: it travels as
   * {@code <customer>.<endpoint>.<type>}, a stream no WebSocket session reads, for webhook-service.
   */
  public static Future<Event> appendToEndpoint(SqlConnection tx, UUID customerId, UUID endpointId, EventType type,
                                               JsonObject data, Trace trace) {
    if (!type.internal()) {
      throw new IllegalArgumentException(type.wire() + " is not an internal event");
    }
    return insert(tx, APPEND_TO_ENDPOINT, customerId, endpointId, type, data, trace);
  }

  public static Future<Event> append(SqlConnection tx, UUID customerId, UUID chatId, EventType type, JsonObject data,
                                     Trace trace) {
    if (type.agentStream() || type.internal()) {
      throw new IllegalArgumentException(type.wire() + " belongs to an agent's or an endpoint's stream");
    }
    return insert(tx, APPEND, customerId, chatId, type, data, trace);
  }

  private static Future<Event> insert(SqlConnection tx, String statement, UUID customerId, UUID streamId,
                                      EventType type, JsonObject data, Trace trace) {
    UUID chatId = streamId;
    UUID id = UUID.randomUUID();
    Instant now = Timestamps.now();
    return tx.preparedQuery(statement)
        .execute(Tuple.of(chatId, id, customerId, type.wire(), data, trace.requestId(), Database.time(now),
            trace.traceparent()))
        .map(rows -> {
          if (rows.rowCount() != 1) {
            throw new IllegalStateException("stream " + chatId + " vanished while appending " + type.wire());
          }
          long seq = rows.iterator().next().getLong("seq");
          return new Event(id, customerId, chatId, seq, type, data, trace.requestId(), now);
        });
  }
}
