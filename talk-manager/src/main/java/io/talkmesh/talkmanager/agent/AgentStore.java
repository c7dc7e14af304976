package io.talkmesh.talkmanager.agent;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Agent;
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

/** SQL of the agent directory: customers and agents. */
final class AgentStore {
  static final String COLUMNS = "id, customer_id, username, name, detail, permission, tm_create, tm_update, tm_delete";
  static final String INSERT_CUSTOMER = "INSERT INTO customers (id, name, tm_create) VALUES ($1, $2, $3)";
  static final String INSERT = "INSERT INTO agents (id, customer_id, username, password_hash, name, detail, permission,"
      + " tm_create, tm_update) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING " + COLUMNS;
  static final String BY_USERNAME = "SELECT " + COLUMNS + ", password_hash FROM agents WHERE username = $1 AND tm_delete IS NULL";
  static final String BY_ID = "SELECT " + COLUMNS + " FROM agents WHERE id = $1 AND customer_id = $2";
  static final Keyset LIST = Keyset.of("SELECT " + COLUMNS + " FROM agents WHERE customer_id = $1 AND tm_delete IS NULL",
      "tm_create", "id");
  static final String COUNT_LIVE = "SELECT count(*) AS n FROM agents WHERE customer_id = $1 AND id = ANY($2) AND tm_delete IS NULL";
  static final String ADMIN_LOCK = "SELECT pg_advisory_xact_lock(7312001)";

  /** An agent row with its password hash, for login only. */
  record Credentials(Agent agent, String passwordHash) {
  }

  static Agent fromRow(Row row) {
    return new Agent(row.getUUID("id"), row.getUUID("customer_id"), row.getString("username"), row.getString("name"),
        row.getString("detail"), row.getLong("permission"), Database.instant(row.getOffsetDateTime("tm_create")),
        Database.instant(row.getOffsetDateTime("tm_update")), Database.instant(row.getOffsetDateTime("tm_delete")));
  }

  private static Credentials credentials(Row row) {
    return new Credentials(fromRow(row), row.getString("password_hash"));
  }

  static Future<Void> insertCustomer(SqlClient sql, UUID id, String name, Instant now) {
    return sql.preparedQuery(INSERT_CUSTOMER).execute(Tuple.of(id, name, Database.time(now))).mapEmpty();
  }

  static Future<Agent> insert(SqlClient sql, UUID customerId, String username, String hash, String name, String detail,
                              long permission, Instant now) {
    return sql.preparedQuery(INSERT).mapping(AgentStore::fromRow)
        .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(customerId).addString(username).addString(hash)
            .addString(name).addString(detail).addLong(permission).addOffsetDateTime(Database.time(now)))
        .map(Rows::one);
  }

  static Future<Optional<Credentials>> byUsername(SqlClient sql, String username) {
    return sql.preparedQuery(BY_USERNAME).mapping(AgentStore::credentials).execute(Tuple.of(username)).map(Rows::first);
  }

  static Future<Optional<Agent>> byId(SqlClient sql, UUID customerId, UUID id) {
    return sql.preparedQuery(BY_ID).mapping(AgentStore::fromRow).execute(Tuple.of(id, customerId)).map(Rows::first);
  }

  static Future<List<Agent>> list(SqlClient sql, UUID customerId, PageRequest page) {
    return LIST.list(sql, Tuple.of(customerId), page, AgentStore::fromRow);
  }

  /** How many of the given ids are live agents of the customer. */
  static Future<Integer> countLive(SqlClient sql, UUID customerId, UUID[] ids) {
    return sql.preparedQuery(COUNT_LIVE).execute(Tuple.tuple().addUUID(customerId).addArrayOfUUID(ids))
        .map(rows -> rows.iterator().next().getLong("n").intValue());
  }
}
