package io.talkmesh.talkmanager.chat;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.ReadState;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Keyset;
import io.talkmesh.talkmanager.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of chats. */
final class ChatStore {
  static final String COLUMNS = "c.id, c.customer_id, c.type, c.name, c.detail, c.member_count, c.tm_create, c.tm_update, c.tm_delete";
  static final String INSERT = "INSERT INTO talk_chats AS c (id, customer_id, type, name, detail, member_count, tm_create, tm_update,"
      + " creator_type, creator_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9) RETURNING " + COLUMNS;
  static final String BY_ID = "SELECT " + COLUMNS + " FROM talk_chats c WHERE c.id = $1";
  /**
   * The reader's read state of the chat in a row that joined its participant row {@code p} (null columns when it
   * is none): unread_count = msg_count - read_ordinal - unread_skip, no count over messages (docs/read-state.md).
   */
  static final String READ_COLUMNS = ", p.id AS participant_id, c.msg_count - p.read_ordinal - p.unread_skip AS unread_count,"
      + " p.mention_count, p.read_message_id, p.tm_read";
  /** The chat, whether the owner participates in it and its read state, in one round trip (every read checks it). */
  static final String BY_ID_FOR_READER = "SELECT " + COLUMNS + READ_COLUMNS + " FROM talk_chats c"
      + " LEFT JOIN talk_participants p ON p.chat_id = c.id AND p.owner_type = $2 AND p.owner_id = $3 WHERE c.id = $1";

  /** A chat and whether a given owner is one of its participants. */
  record WithMembership(Chat chat, boolean member) {
  }

  static final Keyset MINE = Keyset.of("SELECT " + COLUMNS + READ_COLUMNS + " FROM talk_participants p JOIN talk_chats c"
      + " ON c.id = p.chat_id WHERE p.owner_type = $1 AND p.owner_id = $2 AND c.tm_delete IS NULL", "c.tm_create", "c.id");
  /** A live direct chat of the customer whose two participants are exactly these two owners. */
  static final String DIRECT_BETWEEN = "SELECT " + COLUMNS + " FROM talk_chats c"
      + " WHERE c.customer_id = $1 AND c.type = 'direct' AND c.tm_delete IS NULL AND c.member_count = 2"
      + " AND EXISTS (SELECT 1 FROM talk_participants a WHERE a.chat_id = c.id AND a.owner_type = $2 AND a.owner_id = $3)"
      + " AND EXISTS (SELECT 1 FROM talk_participants b WHERE b.chat_id = c.id AND b.owner_type = $4 AND b.owner_id = $5)"
      + " ORDER BY c.tm_create LIMIT 1";
  static final String DIRECT_PAIR_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
  static final String SET_MEMBER_COUNT = "UPDATE talk_chats c SET member_count = (SELECT count(*) FROM talk_participants p"
      + " WHERE p.chat_id = c.id), tm_update = $2 WHERE c.id = $1 RETURNING " + COLUMNS;

  static final String UPDATE = "UPDATE talk_chats c SET name = coalesce($2, c.name), detail = coalesce($3, c.detail),"
      + " tm_update = $4 WHERE c.id = $1 RETURNING " + COLUMNS;
  static final String DELETE = "UPDATE talk_chats c SET tm_delete = $2, tm_update = $2 WHERE c.id = $1 AND c.tm_delete IS NULL"
      + " RETURNING " + COLUMNS;
  static final Keyset CHANNELS = Keyset.of("SELECT " + COLUMNS + READ_COLUMNS + " FROM talk_chats c"
      + " LEFT JOIN talk_participants p ON p.chat_id = c.id AND p.owner_type = $2 AND p.owner_id = $3"
      + " WHERE c.customer_id = $1 AND c.type = 'talk' AND c.tm_delete IS NULL", "c.tm_create", "c.id");
  /** The talks API's state of a chat (V12): active, or closed. */
  static final String STATUS = "SELECT status FROM talk_chats WHERE id = $1";
  /** Closes a direct or group chat that has no participant left; no row when it has one, or was closed already. */
  static final String CLOSE_IF_EMPTY = "UPDATE talk_chats c SET status = 'closed', tm_update = $2 WHERE c.id = $1"
      + " AND c.member_count = 0 AND c.type <> 'talk' AND c.status = 'active' RETURNING " + COLUMNS;
  static final String LOCK = "SELECT " + COLUMNS + " FROM talk_chats c WHERE c.id = $1 FOR NO KEY UPDATE";

  private ChatStore() {
  }

  /** The chat of a row holding talk_chats' columns. */
  static Chat fromRow(Row row) {
    return new Chat(row.getUUID("id"), row.getUUID("customer_id"), ChatType.parse(row.getString("type")),
        row.getString("name"), row.getString("detail"), row.getInteger("member_count"),
        Database.instant(row.getOffsetDateTime("tm_create")), Database.instant(row.getOffsetDateTime("tm_update")),
        Database.instant(row.getOffsetDateTime("tm_delete")));
  }

  private static WithMembership withMembership(Row row) {
    Chat chat = withRead(row);
    return new WithMembership(chat, chat.read() != null);
  }

  /** The chat of a row with {@link #READ_COLUMNS}, with the reader's read state when it participates. */
  static Chat withRead(Row row) {
    Chat chat = fromRow(row);
    UUID participant = row.getUUID("participant_id");
    if (participant == null) {
      return chat;
    }
    return chat.withRead(new ReadState(chat.id(), null, null, row.getUUID("read_message_id"),
        row.getLong("unread_count"), row.getInteger("mention_count"),
        Database.instant(row.getOffsetDateTime("tm_read"))));
  }

  static Future<Chat> insert(SqlClient sql, UUID customerId, ChatType type, String name, String detail, Instant now,
                             String creatorType, UUID creatorId) {
    return sql.preparedQuery(INSERT).mapping(ChatStore::fromRow)
        .execute(Tuple.of(UUID.randomUUID(), customerId, type.wire(), name, detail, 0, Database.time(now), creatorType)
            .addUUID(creatorId))
        .map(Rows::one);
  }

  static Future<Optional<Chat>> byId(SqlClient sql, UUID id) {
    return sql.preparedQuery(BY_ID).mapping(ChatStore::fromRow).execute(Tuple.of(id)).map(Rows::first);
  }

  static Future<Optional<WithMembership>> byIdForReader(SqlClient sql, UUID id, String ownerType, UUID ownerId) {
    return sql.preparedQuery(BY_ID_FOR_READER).mapping(ChatStore::withMembership)
        .execute(Tuple.of(id, ownerType, ownerId)).map(Rows::first);
  }

  static Future<Chat> refreshMemberCount(SqlClient sql, UUID id, Instant now) {
    return sql.preparedQuery(SET_MEMBER_COUNT).mapping(ChatStore::fromRow).execute(Tuple.of(id, Database.time(now)))
        .map(Rows::one);
  }

  static Future<Chat> update(SqlClient sql, UUID id, String name, String detail, Instant now) {
    return sql.preparedQuery(UPDATE).mapping(ChatStore::fromRow).execute(Tuple.of(id, name, detail, Database.time(now)))
        .map(Rows::one);
  }

  static Future<Optional<Chat>> delete(SqlClient sql, UUID id, Instant now) {
    return sql.preparedQuery(DELETE).mapping(ChatStore::fromRow).execute(Tuple.of(id, Database.time(now)))
        .map(Rows::first);
  }

  /** The chat row, locked against concurrent changes of the chat itself until the transaction ends. */
  static Future<String> status(SqlClient sql, UUID id) {
    return sql.preparedQuery(STATUS).execute(Tuple.of(id)).map(rows -> rows.iterator().next().getString("status"));
  }

  static Future<Optional<Chat>> closeIfEmpty(SqlClient sql, UUID id, Instant now) {
    return sql.preparedQuery(CLOSE_IF_EMPTY).mapping(ChatStore::fromRow).execute(Tuple.of(id, Database.time(now)))
        .map(Rows::first);
  }

  static Future<Optional<Chat>> lock(SqlClient sql, UUID id) {
    return sql.preparedQuery(LOCK).mapping(ChatStore::fromRow).execute(Tuple.of(id)).map(Rows::first);
  }

  static Future<List<Chat>> channels(SqlClient sql, UUID customerId, io.talkmesh.common.model.Actor reader,
                                     PageRequest page) {
    return CHANNELS.list(sql, Tuple.of(customerId, reader.ownerType(), reader.ownerId()), page, ChatStore::withRead);
  }

  static Future<Optional<Chat>> directBetween(SqlClient sql, UUID customerId, String typeA, UUID a, String typeB, UUID b) {
    return sql.preparedQuery(DIRECT_BETWEEN).mapping(ChatStore::fromRow).execute(Tuple.of(customerId, typeA, a, typeB, b))
        .map(Rows::first);
  }

  /** Serialises direct-chat creation for one pair, so two concurrent creates make one chat. */
  static Future<Void> lockDirectPair(SqlClient sql, UUID a, UUID b) {
    String key = a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
    return sql.preparedQuery(DIRECT_PAIR_LOCK).execute(Tuple.of(key)).mapEmpty();
  }

  static Future<List<Chat>> mine(SqlClient sql, String ownerType, UUID ownerId, PageRequest page) {
    return MINE.list(sql, Tuple.of(ownerType, ownerId), page, ChatStore::withRead);
  }
}
