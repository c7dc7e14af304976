package io.talkmesh.talkmanager.message;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.talkmanager.db.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * A send in one statement, so one round trip and one (implicit) transaction: it locks the chat row, checks that the
 * chat is the actor's customer's, live and not closed (the talks API's state), that the actor is a participant and that a parent is a message of the
 * same chat, claims the request's dedupe scope with the response, inserts the message, takes the chat's next seq
 * and appends {@code chatmessage_created} to the outbox: all or nothing.
 *
 * <p>Every value of the message is decided here (id, timestamps), so its JSON (the RPC response, the event's data
 * and the stored idempotent result: the same document) is known before the statement and sent once. Why it keeps
 * every guarantee of the multi-statement transaction it replaces:
 * <ul>
 *   <li>Under READ COMMITTED all of the statement reads one snapshot, taken before it waits for the chat's lock. A
 *   locking read re-reads the newest row version after the wait, so the chat ({@code FOR NO KEY UPDATE}) and the
 *   actor's participant row ({@code FOR KEY SHARE}, which a concurrent removal must wait for) are judged as they
 *   are when the lock is held: a chat deleted or a participant removed while the send waited refuses it.</li>
 *   <li>{@code event_seq} is incremented by an UPDATE under that same lock, so seq stays gapless and in lock order;
 *   so is {@code msg_count}, the message's ordinal. The author's {@code unread_skip} (its own message does not count
 *   for it) and the mentioned participants' {@code mention_count} grow under the lock too: a mark of the same chat
 *   holds the chat row FOR SHARE while it recounts (docs/read-state.md), so counters and pointers never cross.</li>
 *   <li>The scope row is inserted with {@code ON CONFLICT DO NOTHING} and the message only from its RETURNING, so
 *   a second request of one scope has no effect; one that finds the scope already stored (in its snapshot) answers
 *   the stored result before any rule is checked, as a replay must; one that raced the first reads it after.</li>
 * </ul>
 */
final class SendStatement {
  private static final String CHECKS = """
      WITH chat AS (
        SELECT c.customer_id, c.tm_delete, c.status FROM talk_chats c WHERE c.id = $1 FOR NO KEY UPDATE),
      member AS (
        SELECT 1 FROM talk_participants p WHERE p.chat_id = $1 AND p.owner_type = $2 AND p.owner_id = $3 FOR KEY SHARE),
      parent AS (
        SELECT m.chat_id, m.customer_id FROM talk_messages m WHERE m.id = $4::uuid),
      allowed AS (
        SELECT 1 FROM chat WHERE chat.customer_id = $5 AND chat.tm_delete IS NULL AND chat.status = 'active'
          AND EXISTS (SELECT 1 FROM member)
          AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM parent WHERE parent.chat_id = $1 AND parent.customer_id = $5))),
      """;
  private static final String CLAIM = """
      claim AS (
        INSERT INTO talk_idempotency (scope, response) SELECT $13::text, $7::jsonb FROM allowed
        ON CONFLICT (scope) DO NOTHING RETURNING 1),
      """;
  private static final String NO_CLAIM = """
      claim AS (SELECT 1 FROM allowed),
      """;
  private static final String WRITES = """
      next AS (
        UPDATE talk_chats SET event_seq = event_seq + 1, msg_count = msg_count + 1
        WHERE id = $1 AND EXISTS (SELECT 1 FROM claim) RETURNING event_seq, msg_count),
      msg AS (
        INSERT INTO talk_messages (id, customer_id, owner_type, owner_id, chat_id, parent_id, type, text, medias,
          tm_create, tm_update, ordinal, mentions)
        SELECT $6::uuid, $5::uuid, $2::text, $3::uuid, $1::uuid, $4::uuid, 'normal', $8::text, $9::jsonb,
          $10::timestamptz, $10::timestamptz, next.msg_count, $15::uuid[] FROM next RETURNING 1),
      own AS (
        UPDATE talk_participants SET unread_skip = unread_skip + 1
        WHERE chat_id = $1 AND owner_type = $2 AND owner_id = $3 AND EXISTS (SELECT 1 FROM msg) RETURNING 1),
      mentioned AS (
        UPDATE talk_participants SET mention_count = mention_count + 1
        WHERE chat_id = $1 AND owner_type = 'agent' AND owner_id = ANY($15::uuid[]) AND EXISTS (SELECT 1 FROM msg)
        RETURNING 1),
      event AS (
        INSERT INTO talk_events (id, customer_id, chat_id, seq, type, data, request_id, tm_create, traceparent)
        SELECT $11::uuid, $5::uuid, $1::uuid, next.event_seq, '%s', $7::jsonb, $12::text, $10::timestamptz, $14::text
        FROM next WHERE EXISTS (SELECT 1 FROM msg) RETURNING seq)
      SELECT (SELECT customer_id FROM chat) AS chat_customer, (SELECT tm_delete IS NOT NULL FROM chat) AS chat_deleted,
        (SELECT status <> 'active' FROM chat) AS chat_closed,
        EXISTS (SELECT 1 FROM member) AS member, (SELECT chat_id FROM parent) AS parent_chat,
        (SELECT customer_id FROM parent) AS parent_customer, (SELECT seq FROM event) AS seq,
        %s AS stored""".formatted(EventType.CHATMESSAGE_CREATED.wire(), "%s");
  static final String WITH_SCOPE = CHECKS + CLAIM
      + WRITES.formatted("(SELECT response FROM talk_idempotency WHERE scope = $13::text)");
  /** No dedupe scope: the claim is the checks alone; $13 is bound but unused (always "" here). */
  static final String WITHOUT_SCOPE = CHECKS + NO_CLAIM + WRITES.formatted("CASE WHEN $13::text IS NULL THEN NULL::jsonb END");

  /** A replay that raced the first request of its scope reads the stored result once that one committed. */
  static final String STORED = "SELECT response FROM talk_idempotency WHERE scope = $1";

  private SendStatement() {
  }

  static Future<Message> run(Pool pool, Actor actor, Message message, Trace trace) {
    JsonObject json = message.toJson();
    String scope = trace.idempotencyKey();
    Tuple params = Tuple.tuple()
        .addUUID(message.chatId()).addString(actor.ownerType()).addUUID(actor.ownerId()).addUUID(message.parentId())
        .addUUID(message.customerId()).addUUID(message.id()).addValue(json).addString(message.text())
        .addValue(message.medias()).addOffsetDateTime(Database.time(message.tmCreate())).addUUID(UUID.randomUUID())
        .addString(trace.requestId()).addString(scope).addString(trace.traceparent())
        .addArrayOfUUID(message.mentions().toArray(UUID[]::new));
    return pool.preparedQuery(scope.isEmpty() ? WITHOUT_SCOPE : WITH_SCOPE).execute(params)
        .compose(rows -> outcome(pool, rows.iterator().next(), message, scope));
  }

  private static Future<Message> outcome(Pool pool, Row row, Message message, String scope) {
    JsonObject stored = (JsonObject) row.getValue("stored");
    if (row.getValue("seq") != null) {
      return Future.succeededFuture(message);
    }
    if (stored != null) {
      return Future.succeededFuture(Message.fromJson(stored));
    }
    UUID chatCustomer = row.getUUID("chat_customer");
    if (chatCustomer == null || !chatCustomer.equals(message.customerId())) {
      return Future.failedFuture(TalkException.notFound("CHAT_NOT_FOUND", "chat %s not found", message.chatId()));
    }
    if (Boolean.TRUE.equals(row.getBoolean("chat_deleted"))) {
      return Future.failedFuture(new TalkException(io.talkmesh.common.error.Status.FAILED_PRECONDITION, "CHAT_DELETED",
          "chat " + message.chatId() + " is deleted"));
    }
    if (Boolean.TRUE.equals(row.getBoolean("chat_closed"))) {
      return Future.failedFuture(io.talkmesh.talkmanager.chat.Chats.closed(message.chatId()));
    }
    if (!Boolean.TRUE.equals(row.getBoolean("member"))) {
      return Future.failedFuture(io.talkmesh.talkmanager.participant.Participants.notParticipant(message.chatId()));
    }
    if (message.parentId() != null) {
      UUID parentChat = row.getUUID("parent_chat");
      if (parentChat == null || !message.customerId().equals(row.getUUID("parent_customer"))) {
        return Future.failedFuture(TalkException.notFound("PARENT_NOT_FOUND", "parent message %s not found",
            message.parentId()));
      }
      if (!parentChat.equals(message.chatId())) {
        return Future.failedFuture(TalkException.invalid("PARENT_IN_OTHER_CHAT",
            "the parent message belongs to another chat"));
      }
    }
    if (scope.isEmpty()) {
      throw new IllegalStateException("send of message " + message.id() + " was allowed but wrote nothing");
    }
    // Allowed, yet the scope was taken by a request that committed while this one waited: answer its result.
    return pool.preparedQuery(STORED).execute(Tuple.of(scope)).map(rows -> {
      if (rows.size() == 0) {
        throw new IllegalStateException("dedupe scope " + scope + " vanished");
      }
      return Message.fromJson(rows.iterator().next().getJsonObject("response"));
    });
  }
}
