package io.talkmesh.talkmanager.message;

import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Message;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL of a window of a chat's messages around one (schema V1's (chat_id, tm_create, id) index, read forwards or
 * backwards from the anchor's key; V13's (chat_id, ordinal) for the first unread). Lists are nearest first.
 */
final class AroundStore {
  static final String IN_CHAT = "SELECT " + MessageStore.COLUMNS + " FROM talk_messages WHERE id = $1 AND chat_id = $2";
  static final String NEWEST = "SELECT " + MessageStore.COLUMNS + " FROM talk_messages WHERE chat_id = $1"
      + " ORDER BY tm_create DESC, id DESC LIMIT 1";
  /**
   * The first message after the reader's read pointer that counts as unread for it: a normal message of someone
   * else, not deleted (docs/read-state.md). No row for a reader without a pointer (not a participant).
   */
  static final String FIRST_UNREAD = "SELECT " + MessageStore.COLUMNS + " FROM talk_messages WHERE chat_id = $1"
      + " AND ordinal > (SELECT read_ordinal FROM talk_participants WHERE chat_id = $1 AND owner_type = $2 AND owner_id = $3)"
      + " AND type = 'normal' AND tm_delete IS NULL AND NOT (owner_type = $2 AND owner_id = $3)"
      + " ORDER BY ordinal LIMIT 1";
  static final String OLDER = "SELECT " + MessageStore.COLUMNS + " FROM talk_messages WHERE chat_id = $1"
      + " AND (tm_create, id) < ($2, $3) ORDER BY tm_create DESC, id DESC LIMIT $4";
  static final String NEWER = "SELECT " + MessageStore.COLUMNS + " FROM talk_messages WHERE chat_id = $1"
      + " AND (tm_create, id) > ($2, $3) ORDER BY tm_create, id LIMIT $4";

  private AroundStore() {
  }

  static Future<Optional<Message>> inChat(SqlClient sql, UUID chatId, UUID id) {
    return sql.preparedQuery(IN_CHAT).mapping(MessageStore::fromRow).execute(Tuple.of(id, chatId)).map(Rows::first);
  }

  static Future<Optional<Message>> newest(SqlClient sql, UUID chatId) {
    return sql.preparedQuery(NEWEST).mapping(MessageStore::fromRow).execute(Tuple.of(chatId)).map(Rows::first);
  }

  static Future<Optional<Message>> firstUnread(SqlClient sql, UUID chatId, Actor reader) {
    return sql.preparedQuery(FIRST_UNREAD).mapping(MessageStore::fromRow)
        .execute(Tuple.of(chatId, reader.ownerType(), reader.ownerId())).map(Rows::first);
  }

  /** Up to {@code limit} messages before the key, nearest (newest) first. */
  static Future<List<Message>> older(SqlClient sql, UUID chatId, Instant time, UUID id, int limit) {
    return sql.preparedQuery(OLDER).mapping(MessageStore::fromRow)
        .execute(Tuple.of(chatId, Database.time(time), id, limit)).map(Rows::list);
  }

  /** Up to {@code limit} messages after the key, nearest (oldest) first. */
  static Future<List<Message>> newer(SqlClient sql, UUID chatId, Instant time, UUID id, int limit) {
    return sql.preparedQuery(NEWER).mapping(MessageStore::fromRow)
        .execute(Tuple.of(chatId, Database.time(time), id, limit)).map(Rows::list);
  }
}
