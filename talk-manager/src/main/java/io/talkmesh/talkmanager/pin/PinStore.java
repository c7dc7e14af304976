package io.talkmesh.talkmanager.pin;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.Pin;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Keyset;
import io.talkmesh.talkmanager.db.Rows;
import io.talkmesh.talkmanager.message.MessageRows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL of pins (schema V14). Every read joins the pinned message and keeps only live ones: a pin of a message deleted
 * later disappears without a write of its own. The list follows the (chat_id, tm_create, message_id) index.
 */
final class PinStore {
  /** The pin's own columns under names of their own, beside the message's (chat_id and id are the message's). */
  private static final String COLUMNS = "p.owner_type AS pin_owner_type, p.owner_id AS pin_owner_id,"
      + " p.tm_create AS pin_tm_create, " + MessageRows.columns("m");
  private static final String LIVE = " FROM talk_pins p JOIN talk_messages m ON m.id = p.message_id"
      + " WHERE p.chat_id = $1 AND m.tm_delete IS NULL";
  static final Keyset OF_CHAT = Keyset.of("SELECT " + COLUMNS + LIVE, "p.tm_create", "p.message_id");
  static final String ONE = "SELECT " + COLUMNS + LIVE + " AND p.message_id = $2";
  static final String COUNT = "SELECT count(*) AS n" + LIVE;
  static final String LIVE_MESSAGE = "SELECT " + MessageRows.columns("m") + " FROM talk_messages m"
      + " WHERE m.id = $1 AND m.chat_id = $2 AND m.tm_delete IS NULL";
  static final String INSERT = "INSERT INTO talk_pins (chat_id, message_id, customer_id, owner_type, owner_id, tm_create)"
      + " VALUES ($1, $2, $3, $4, $5, $6)";
  static final String DELETE = "DELETE FROM talk_pins WHERE chat_id = $1 AND message_id = $2";

  private PinStore() {
  }

  static Pin fromRow(Row row) {
    Message message = MessageRows.fromRow(row);
    return new Pin(message.chatId(), message.id(), row.getString("pin_owner_type"), row.getUUID("pin_owner_id"),
        Database.instant(row.getOffsetDateTime("pin_tm_create")), message);
  }

  static Future<List<Pin>> ofChat(SqlClient sql, UUID chatId, PageRequest page) {
    return OF_CHAT.list(sql, Tuple.of(chatId), page, PinStore::fromRow);
  }

  static Future<Optional<Pin>> one(SqlClient sql, UUID chatId, UUID messageId) {
    return sql.preparedQuery(ONE).mapping(PinStore::fromRow).execute(Tuple.of(chatId, messageId)).map(Rows::first);
  }

  static Future<Long> count(SqlClient sql, UUID chatId) {
    return sql.preparedQuery(COUNT).execute(Tuple.of(chatId)).map(rows -> rows.iterator().next().getLong("n"));
  }

  static Future<Optional<Message>> liveMessage(SqlClient sql, UUID chatId, UUID messageId) {
    return sql.preparedQuery(LIVE_MESSAGE).mapping(MessageRows::fromRow).execute(Tuple.of(messageId, chatId))
        .map(Rows::first);
  }

  /**
   * Writes a pin of a live message; the caller holds the chat's row lock and found no live pin of it. A row left by
   * the message's earlier pin cannot exist: a deleted message cannot be pinned again.
   */
  static Future<Pin> insert(SqlClient sql, UUID customerId, String ownerType, UUID ownerId, Message message,
                            Instant now) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(message.chatId(), message.id(), customerId, ownerType, ownerId,
            Database.time(now)))
        .map(done -> new Pin(message.chatId(), message.id(), ownerType, ownerId, now, message));
  }

  static Future<Void> delete(SqlClient sql, UUID chatId, UUID messageId) {
    return sql.preparedQuery(DELETE).execute(Tuple.of(chatId, messageId)).mapEmpty();
  }
}
