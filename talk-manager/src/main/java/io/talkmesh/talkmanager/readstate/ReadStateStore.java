package io.talkmesh.talkmanager.readstate;

import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.ReadState;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** SQL of read pointers and counters (docs/read-state.md; schema V13). */
final class ReadStateStore {
  /** A chat's immutable facts, read before choosing how to lock it. */
  static final String CHAT = "SELECT id, customer_id, type FROM talk_chats WHERE id = $1";
  static final String LOCK_SHARE = "SELECT id, customer_id, type, msg_count, tm_delete FROM talk_chats WHERE id = $1 FOR SHARE";
  static final String LOCK_UPDATE = "SELECT id, customer_id, type, msg_count, tm_delete FROM talk_chats WHERE id = $1"
      + " FOR NO KEY UPDATE";
  private static final String STATE_COLUMNS = "p.chat_id, p.owner_type, p.owner_id, p.read_message_id, p.mention_count,"
      + " p.tm_read, (SELECT c.msg_count FROM talk_chats c WHERE c.id = p.chat_id) - p.read_ordinal - p.unread_skip"
      + " AS unread_count";
  static final String STATE = "SELECT " + STATE_COLUMNS + " FROM talk_participants p"
      + " WHERE p.chat_id = $1 AND p.owner_type = $2 AND p.owner_id = $3";
  static final String MESSAGE = "SELECT id, ordinal FROM talk_messages WHERE id = $1 AND chat_id = $2";
  static final String NEWEST = "SELECT id FROM talk_messages WHERE chat_id = $1 ORDER BY tm_create DESC, id DESC LIMIT 1";
  /**
   * Moves the pointer forward (no row when it is there already or beyond) and recounts what the counters hold for
   * the messages after it: the normal messages that do not count (the participant's own, and deleted ones) and the
   * live mentions of it. Both are ranges of (chat_id, ordinal) as long as what is left unread; the chat's row lock
   * (held by the caller) keeps sends and deletes out, so the statement's snapshot is the chat as it stands.
   */
  static final String MOVE = "UPDATE talk_participants p SET read_ordinal = $4, read_message_id = $5, tm_read = $6,"
      + " unread_skip = (SELECT count(*) FROM talk_messages m WHERE m.chat_id = $1 AND m.ordinal > $4"
      + " AND m.type = 'normal' AND (m.tm_delete IS NOT NULL OR (m.owner_type = p.owner_type AND m.owner_id = p.owner_id))),"
      + " mention_count = (SELECT count(*) FROM talk_messages m WHERE m.chat_id = $1 AND m.ordinal > $4"
      + " AND m.type = 'normal' AND m.tm_delete IS NULL AND p.owner_id = ANY(m.mentions))"
      + " WHERE p.chat_id = $1 AND p.owner_type = $2 AND p.owner_id = $3 AND p.read_ordinal < $4"
      + " RETURNING " + STATE_COLUMNS;

  /** The chat as locked for a mark. */
  record LockedChat(UUID id, UUID customerId, ChatType type, long msgCount, boolean deleted) {
  }

  /** The chat's immutable facts. */
  record ChatFacts(UUID id, UUID customerId, ChatType type) {
  }

  /** Where a mark moves the pointer: a message and its ordinal. */
  record Target(UUID messageId, long ordinal) {
  }

  private ReadStateStore() {
  }

  static Future<Optional<ChatFacts>> chat(SqlClient sql, UUID chatId) {
    return sql.preparedQuery(CHAT).mapping(row -> new ChatFacts(row.getUUID("id"), row.getUUID("customer_id"),
        ChatType.parse(row.getString("type")))).execute(Tuple.of(chatId)).map(Rows::first);
  }

  static Future<LockedChat> lock(SqlClient sql, UUID chatId, boolean exclusive) {
    return sql.preparedQuery(exclusive ? LOCK_UPDATE : LOCK_SHARE).mapping(row -> new LockedChat(row.getUUID("id"),
            row.getUUID("customer_id"), ChatType.parse(row.getString("type")), row.getLong("msg_count"),
            row.getValue("tm_delete") != null))
        .execute(Tuple.of(chatId)).map(Rows::one);
  }

  static Future<Optional<ReadState>> state(SqlClient sql, Actor actor, UUID chatId) {
    return sql.preparedQuery(STATE).mapping(ReadStateStore::fromRow)
        .execute(Tuple.of(chatId, actor.ownerType(), actor.ownerId())).map(Rows::first);
  }

  static Future<Optional<Target>> message(SqlClient sql, UUID chatId, UUID messageId) {
    return sql.preparedQuery(MESSAGE).mapping(row -> new Target(row.getUUID("id"), row.getLong("ordinal")))
        .execute(Tuple.of(messageId, chatId)).map(Rows::first);
  }

  /** The chat's newest message with the chat's message count as ordinal; empty for a chat without messages. */
  static Future<Optional<Target>> newest(SqlClient sql, LockedChat chat) {
    return sql.preparedQuery(NEWEST).mapping(row -> new Target(row.getUUID("id"), chat.msgCount()))
        .execute(Tuple.of(chat.id())).map(Rows::first);
  }

  static Future<Optional<ReadState>> move(SqlClient sql, Actor actor, UUID chatId, Target target, Instant now) {
    return sql.preparedQuery(MOVE).mapping(ReadStateStore::fromRow)
        .execute(Tuple.of(chatId, actor.ownerType(), actor.ownerId(), target.ordinal(), target.messageId(),
            Database.time(now)))
        .map(Rows::first);
  }

  private static ReadState fromRow(Row row) {
    return new ReadState(row.getUUID("chat_id"), row.getString("owner_type"), row.getUUID("owner_id"),
        row.getUUID("read_message_id"), row.getLong("unread_count"), row.getInteger("mention_count"),
        Database.instant(row.getOffsetDateTime("tm_read")));
  }
}
