package io.talkmesh.talkmanager.legacy;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.Participant;
import io.talkmesh.talkmanager.chat.Chats;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Keyset;
import io.talkmesh.talkmanager.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The reads the older Chat API needs beyond the Talk services: owners, participant ids, rooms. */
final class LegacyStore {
  static final String CHAT_COLUMNS = "c.id, c.customer_id, c.type, c.name, c.detail, c.member_count, c.tm_create,"
      + " c.tm_update, c.tm_delete, c.creator_id";
  static final String MEMBERS = "SELECT p.chat_id, array_agg(p.owner_id ORDER BY p.owner_id) AS ids"
      + " FROM talk_participants p WHERE p.chat_id = ANY($1) GROUP BY p.chat_id";
  static final String OWNERS = "SELECT id, creator_id FROM talk_chats WHERE id = ANY($1) AND creator_id IS NOT NULL";
  static final String ROOM_COLUMNS = "p.id AS room_id, p.owner_type, p.owner_id, p.tm_joined, " + CHAT_COLUMNS;
  static final Keyset ROOMS = Keyset.of("SELECT " + ROOM_COLUMNS + " FROM talk_participants p JOIN talk_chats c"
      + " ON c.id = p.chat_id WHERE p.owner_type = 'agent' AND p.owner_id = $1 AND p.customer_id = $2"
      + " AND c.type IN ('direct', 'group')", "p.tm_joined", "p.id");
  static final String ROOM = "SELECT " + ROOM_COLUMNS + " FROM talk_participants p JOIN talk_chats c ON c.id = p.chat_id"
      + " WHERE p.id = $1 AND p.customer_id = $2 AND c.type IN ('direct', 'group')";
  static final Keyset CHATS = Keyset.of("SELECT " + CHAT_COLUMNS + " FROM talk_participants p JOIN talk_chats c"
      + " ON c.id = p.chat_id WHERE p.owner_type = $1 AND p.owner_id = $2 AND c.tm_delete IS NULL"
      + " AND c.type IN ('direct', 'group')", "c.tm_create", "c.id");

  static final String CHANGE_OWNER = "UPDATE talk_chats c SET creator_id = $2, tm_update = $3 WHERE c.id = $1 RETURNING "
      + CHAT_COLUMNS;

  static final String MESSAGE_CHATS = "SELECT id, chat_id FROM talk_messages WHERE id = ANY($1)";

  /** One participant's room with its chat. */
  record Room(Participant participant, Chat chat) {
  }

  private LegacyStore() {
  }

  static Room room(Row row) {
    Chat chat = Chats.fromRow(row);
    return new Room(new Participant(row.getUUID("room_id"), chat.customerId(), row.getString("owner_type"),
        row.getUUID("owner_id"), chat.id(), Database.instant(row.getOffsetDateTime("tm_joined"))), chat);
  }

  /** The agent ids of each chat's participants, sorted. */
  static Future<Map<UUID, List<UUID>>> members(SqlClient sql, List<UUID> chatIds) {
    return byId(sql, MEMBERS, chatIds, row -> Arrays.asList(row.getArrayOfUUIDs("ids")));
  }

  /** The creator of each of these chats that has one. */
  static Future<Map<UUID, UUID>> owners(SqlClient sql, List<UUID> chatIds) {
    return byId(sql, OWNERS, chatIds, row -> row.getUUID("creator_id"));
  }

  static Future<List<Chat>> chats(SqlClient sql, Actor actor, PageRequest page) {
    return CHATS.list(sql, Tuple.of(actor.ownerType(), actor.ownerId()), page, Chats::fromRow);
  }

  static Future<List<Room>> rooms(SqlClient sql, UUID customerId, UUID ownerId, PageRequest page) {
    return ROOMS.list(sql, Tuple.of(ownerId, customerId), page, LegacyStore::room);
  }

  /** Hands the chat to another owner (the caller checked the rules and holds the chat's row lock). */
  static Future<Chat> changeOwner(SqlClient sql, UUID chatId, UUID ownerId, java.time.Instant now) {
    return sql.preparedQuery(CHANGE_OWNER).mapping(Chats::fromRow).execute(Tuple.of(chatId, ownerId, Database.time(now)))
        .map(rows -> rows.iterator().next());
  }

  /** The chat of each of these message ids that exists. */
  static Future<Map<UUID, UUID>> messageChats(SqlClient sql, List<UUID> messageIds) {
    return byId(sql, MESSAGE_CHATS, messageIds, row -> row.getUUID("chat_id"));
  }

  /** A value per id of a query whose first column is the id and whose $1 is the array of ids. */
  private static <V> Future<Map<UUID, V>> byId(SqlClient sql, String query, List<UUID> ids, Function<Row, V> value) {
    return sql.preparedQuery(query).collecting(Collectors.toMap(row -> row.getUUID(0), value))
        .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(new UUID[0]))).map(SqlResult::value);
  }

  static Future<Optional<Room>> room(SqlClient sql, UUID customerId, UUID roomId) {
    return sql.preparedQuery(ROOM).mapping(LegacyStore::room).execute(Tuple.of(roomId, customerId)).map(Rows::first);
  }
}
