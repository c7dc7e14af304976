package io.talkmesh.talkmanager.message;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Message;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Keyset;
import io.talkmesh.talkmanager.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of messages. List queries follow the (chat_id, tm_create, id) index. */
final class MessageStore {
  static final String COLUMNS = "id, customer_id, owner_type, owner_id, chat_id, parent_id, type, text, medias, reactions,"
      + " tm_create, tm_update, tm_delete, mentions";
  /**
   * A system message: its ordinal is the chat's count of normal messages (it is not one of them: it counts as
   * unread for nobody); the caller holds the chat's row lock.
   */
  static final String INSERT = "INSERT INTO talk_messages (id, customer_id, owner_type, owner_id, chat_id, parent_id, type,"
      + " text, medias, tm_create, tm_update, ordinal) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, c.msg_count"
      + " FROM talk_chats c WHERE c.id = $5 RETURNING " + COLUMNS;
  /** The ordinal of a message and what a delete must know to keep the others' counters (docs/read-state.md). */
  static final String ORDINAL = "SELECT ordinal, type FROM talk_messages WHERE id = $1";
  /**
   * A normal message was deleted: for every participant whose pointer is before it, other than its author (whose
   * own message never counted), it no longer counts as unread, nor as a mention for those it mentioned.
   */
  static final String UNCOUNT = "UPDATE talk_participants SET unread_skip = unread_skip + 1,"
      + " mention_count = mention_count - CASE WHEN owner_type = 'agent' AND owner_id = ANY($5::uuid[]) THEN 1 ELSE 0 END"
      + " WHERE chat_id = $1 AND read_ordinal < $2 AND NOT (owner_type = $3 AND owner_id = $4)";
  static final String BY_ID = "SELECT " + COLUMNS + " FROM talk_messages WHERE id = $1";
  static final Keyset OF_CHAT = Keyset.of("SELECT " + COLUMNS + " FROM talk_messages WHERE chat_id = $1",
      "tm_create", "id");
  static final Keyset OF_READER = Keyset.of("SELECT " + COLUMNS + " FROM talk_messages WHERE chat_id IN"
      + " (SELECT chat_id FROM talk_participants WHERE owner_type = $1 AND owner_id = $2)", "tm_create", "id");
  static final Keyset THREAD = Keyset.of("SELECT " + COLUMNS + " FROM talk_messages WHERE parent_id = $1",
      "tm_create", "id");
  static final String EDIT = "UPDATE talk_messages SET text = $2, tm_update = $3 WHERE id = $1 RETURNING " + COLUMNS;
  /** Soft delete that keeps no content: text, medias and reactions are erased with it. */
  static final String DELETE = "UPDATE talk_messages SET tm_delete = $2, tm_update = $2, text = '', medias = '[]'::jsonb,"
      + " reactions = '[]'::jsonb, mentions = '{}' WHERE id = $1 AND tm_delete IS NULL RETURNING " + COLUMNS;
  /** Adds one (emoji, owner) entry atomically; no row when the owner already reacted with that emoji. */
  static final String ADD_REACTION = "UPDATE talk_messages SET reactions = reactions || jsonb_build_array("
      + "jsonb_build_object('emoji', $2::text, 'owner_type', $3::text, 'owner_id', $4::text, 'tm_create', $5::text)),"
      + " tm_update = $6 WHERE id = $1 AND NOT reactions @> jsonb_build_array("
      + "jsonb_build_object('emoji', $2::text, 'owner_type', $3::text, 'owner_id', $4::text)) RETURNING " + COLUMNS;
  /** Removes the (emoji, owner) entry atomically, keeping the others in order; no row when there was none. */
  static final String REMOVE_REACTION = "UPDATE talk_messages SET reactions = (SELECT coalesce(jsonb_agg(r.value ORDER BY r.ord),"
      + " '[]'::jsonb) FROM jsonb_array_elements(reactions) WITH ORDINALITY AS r(value, ord) WHERE NOT (r.value->>'emoji' = $2"
      + " AND r.value->>'owner_type' = $3 AND r.value->>'owner_id' = $4)), tm_update = $5 WHERE id = $1"
      + " AND reactions @> jsonb_build_array(jsonb_build_object('emoji', $2::text, 'owner_type', $3::text, 'owner_id', $4::text))"
      + " RETURNING " + COLUMNS;

  private MessageStore() {
  }

  static Message fromRow(Row row) {
    return new Message(row.getUUID("id"), row.getUUID("customer_id"), row.getString("owner_type"), row.getUUID("owner_id"),
        row.getUUID("chat_id"), row.getUUID("parent_id"), row.getString("type"), row.getString("text"),
        (JsonArray) row.getValue("medias"), (JsonArray) row.getValue("reactions"),
        Database.instant(row.getOffsetDateTime("tm_create")), Database.instant(row.getOffsetDateTime("tm_update")),
        Database.instant(row.getOffsetDateTime("tm_delete")), mentions(row));
  }

  private static List<UUID> mentions(Row row) {
    UUID[] ids = row.getArrayOfUUIDs("mentions");
    return ids == null ? List.of() : List.of(ids);
  }

  static Future<Message> insert(SqlClient sql, UUID customerId, String ownerType, UUID ownerId, UUID chatId, UUID parentId,
                                String type, String text, JsonArray medias, Instant now) {
    return sql.preparedQuery(INSERT).mapping(MessageStore::fromRow)
        .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(customerId).addString(ownerType).addUUID(ownerId)
            .addUUID(chatId).addUUID(parentId).addString(type).addString(text).addValue(medias)
            .addOffsetDateTime(Database.time(now)))
        .map(Rows::one);
  }

  static Future<Optional<Message>> byId(SqlClient sql, UUID id) {
    return sql.preparedQuery(BY_ID).mapping(MessageStore::fromRow).execute(Tuple.of(id)).map(Rows::first);
  }

  static Future<List<Message>> ofChat(SqlClient sql, UUID chatId, PageRequest page) {
    return OF_CHAT.list(sql, Tuple.of(chatId), page, MessageStore::fromRow);
  }

  static Future<List<Message>> ofReader(SqlClient sql, String ownerType, UUID ownerId, PageRequest page) {
    return OF_READER.list(sql, Tuple.of(ownerType, ownerId), page, MessageStore::fromRow);
  }

  static Future<List<Message>> thread(SqlClient sql, UUID parentId, PageRequest page) {
    return THREAD.list(sql, Tuple.of(parentId), page, MessageStore::fromRow);
  }

  static Future<Message> edit(SqlClient sql, UUID id, String text, Instant now) {
    return sql.preparedQuery(EDIT).mapping(MessageStore::fromRow).execute(Tuple.of(id, text, Database.time(now)))
        .map(Rows::one);
  }

  /**
   * Keeps the read counters of the chat's other participants exact after {@code message} (as it was before its
   * delete) was deleted; the caller holds the chat's row lock.
   */
  static Future<Void> uncount(SqlClient sql, Message message) {
    if (!Message.TYPE_NORMAL.equals(message.type())) {
      return Future.succeededFuture();
    }
    return sql.preparedQuery(ORDINAL).execute(Tuple.of(message.id()))
        .compose(rows -> sql.preparedQuery(UNCOUNT).execute(Tuple.of(message.chatId(),
            rows.iterator().next().getLong("ordinal"), message.ownerType(), message.ownerId(),
            message.mentions().toArray(UUID[]::new))))
        .mapEmpty();
  }

  static Future<Message> delete(SqlClient sql, UUID id, Instant now) {
    return sql.preparedQuery(DELETE).mapping(MessageStore::fromRow).execute(Tuple.of(id, Database.time(now)))
        .map(Rows::one);
  }

  static Future<Optional<Message>> addReaction(SqlClient sql, UUID id, String emoji, String ownerType, UUID ownerId, Instant now) {
    return sql.preparedQuery(ADD_REACTION).mapping(MessageStore::fromRow)
        .execute(Tuple.of(id, emoji, ownerType, ownerId.toString(), Timestamps.format(now), Database.time(now)))
        .map(Rows::first);
  }

  static Future<Optional<Message>> removeReaction(SqlClient sql, UUID id, String emoji, String ownerType, UUID ownerId,
                                                  Instant now) {
    return sql.preparedQuery(REMOVE_REACTION).mapping(MessageStore::fromRow)
        .execute(Tuple.of(id, emoji, ownerType, ownerId.toString(), Database.time(now)))
        .map(Rows::first);
  }
}
