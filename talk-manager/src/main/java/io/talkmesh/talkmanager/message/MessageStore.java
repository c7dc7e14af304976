package io.talkmesh.talkmanager.message;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Message;
import io.talkmesh.talkmanager.db.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of messages. List queries follow the (chat_id, tm_create, id) index. */
final class MessageStore {
  static final String COLUMNS = "id, customer_id, owner_type, owner_id, chat_id, parent_id, type, text, medias, reactions,"
      + " tm_create, tm_update, tm_delete";
  static final String INSERT = "INSERT INTO talk_messages (id, customer_id, owner_type, owner_id, chat_id, parent_id, type,"
      + " text, medias, tm_create, tm_update) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING " + COLUMNS;
  static final String BY_ID = "SELECT " + COLUMNS + " FROM talk_messages WHERE id = $1";
  static final String OF_CHAT_FIRST = "SELECT " + COLUMNS + " FROM talk_messages WHERE chat_id = $1"
      + " ORDER BY tm_create DESC, id DESC LIMIT $2";
  static final String OF_CHAT_AFTER = "SELECT " + COLUMNS + " FROM talk_messages WHERE chat_id = $1"
      + " AND (tm_create, id) < ($3, $4) ORDER BY tm_create DESC, id DESC LIMIT $2";

  private MessageStore() {
  }

  static Message fromRow(Row row) {
    return new Message(row.getUUID("id"), row.getUUID("customer_id"), row.getString("owner_type"), row.getUUID("owner_id"),
        row.getUUID("chat_id"), row.getUUID("parent_id"), row.getString("type"), row.getString("text"),
        (JsonArray) row.getValue("medias"), (JsonArray) row.getValue("reactions"),
        Database.instant(row.getOffsetDateTime("tm_create")), Database.instant(row.getOffsetDateTime("tm_update")),
        Database.instant(row.getOffsetDateTime("tm_delete")));
  }

  static Future<Message> insert(SqlClient sql, UUID customerId, String ownerType, UUID ownerId, UUID chatId, UUID parentId,
                                String type, String text, JsonArray medias, Instant now) {
    return sql.preparedQuery(INSERT)
        .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(customerId).addString(ownerType).addUUID(ownerId)
            .addUUID(chatId).addUUID(parentId).addString(type).addString(text).addValue(medias)
            .addOffsetDateTime(Database.time(now)))
        .map(rows -> fromRow(rows.iterator().next()));
  }

  static Future<Optional<Message>> byId(SqlClient sql, UUID id) {
    return sql.preparedQuery(BY_ID).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(fromRow(rows.iterator().next())));
  }

  static Future<List<Message>> ofChat(SqlClient sql, UUID chatId, PageRequest page) {
    Future<RowSet<Row>> rows = page.first()
        ? sql.preparedQuery(OF_CHAT_FIRST).execute(Tuple.of(chatId, page.size()))
        : sql.preparedQuery(OF_CHAT_AFTER).execute(Tuple.of(chatId, page.size(), Database.time(page.afterTime()), page.afterId()));
    return rows.map(set -> {
      List<Message> messages = new ArrayList<>();
      set.forEach(row -> messages.add(fromRow(row)));
      return messages;
    });
  }
}
