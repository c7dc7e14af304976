package io.talkmesh.talkmanager.talks;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Chat;
import io.talkmesh.talkmanager.chat.Chats;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Keyset;
import io.talkmesh.talkmanager.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The reads and the one write the talks API needs beyond the Talk services: a chat's state and its agents. */
final class TalkStore {
  static final String COLUMNS = "c.id, c.customer_id, c.type, c.name, c.detail, c.member_count, c.tm_create,"
      + " c.tm_update, c.tm_delete, c.status";
  /** The caller's live talks: its direct and group chats (public channels are not talks). */
  static final Keyset MINE = Keyset.of("SELECT " + COLUMNS + " FROM talk_participants p JOIN talk_chats c"
      + " ON c.id = p.chat_id WHERE p.owner_type = $1 AND p.owner_id = $2 AND c.tm_delete IS NULL"
      + " AND c.type IN ('direct', 'group')", "c.tm_create", "c.id");
  static final String STATUSES = "SELECT id, status FROM talk_chats WHERE id = ANY($1)";
  static final String MEMBERS = "SELECT p.chat_id, array_agg(p.owner_id ORDER BY p.tm_joined, p.id) AS ids"
      + " FROM talk_participants p WHERE p.chat_id = ANY($1) GROUP BY p.chat_id";
  /** Name, detail and state in one statement; null leaves a column as it is. */
  static final String UPDATE = "UPDATE talk_chats c SET name = coalesce($2, c.name), detail = coalesce($3, c.detail),"
      + " status = coalesce($4, c.status), tm_update = $5 WHERE c.id = $1 RETURNING " + COLUMNS;

  /** A chat with its talks API state. */
  record Talk(Chat chat, String status) {
  }

  private TalkStore() {
  }

  static Talk talk(Row row) {
    return new Talk(Chats.fromRow(row), row.getString("status"));
  }

  static Future<List<Talk>> mine(SqlClient sql, Actor actor, PageRequest page) {
    return MINE.list(sql, Tuple.of(actor.ownerType(), actor.ownerId()), page, TalkStore::talk);
  }

  static Future<Map<UUID, String>> statuses(SqlClient sql, List<UUID> chatIds) {
    return byId(sql, STATUSES, chatIds, row -> row.getString("status"));
  }

  /** The agent ids of each chat's participants, in joining order. */
  static Future<Map<UUID, List<UUID>>> members(SqlClient sql, List<UUID> chatIds) {
    return byId(sql, MEMBERS, chatIds, row -> Arrays.asList(row.getArrayOfUUIDs("ids")));
  }

  static Future<Talk> update(SqlClient sql, UUID chatId, String name, String detail, String status, Instant now) {
    return sql.preparedQuery(UPDATE).mapping(TalkStore::talk)
        .execute(Tuple.of(chatId, name, detail, status, Database.time(now))).map(Rows::one);
  }


  private static <V> Future<Map<UUID, V>> byId(SqlClient sql, String query, List<UUID> ids, Function<Row, V> value) {
    return sql.preparedQuery(query).collecting(Collectors.toMap(row -> row.getUUID(0), value))
        .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(new UUID[0]))).map(SqlResult::value);
  }
}
