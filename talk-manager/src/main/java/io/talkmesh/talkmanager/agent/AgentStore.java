package io.talkmesh.talkmanager.agent;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
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
  static final String INSERT_CUSTOMER = "INSERT INTO customers (id, name, tm_create, tm_update) VALUES ($1, $2, $3, $3)";
  /**
   * Inserts an agent into a live customer only: the customer row is read FOR SHARE, so an insert racing the
   * customer's soft delete either waits for it and inserts nothing, or makes the delete wait and is deleted by it.
   */
  static final String INSERT = "INSERT INTO agents (id, customer_id, username, password_hash, name, detail, permission,"
      + " tm_create, tm_update) SELECT $1::uuid, c.id, $3::text, $4::text, $5::text, $6::text, $7::bigint,"
      + " $8::timestamptz, $8::timestamptz FROM customers c WHERE c.id = $2 AND c.tm_delete IS NULL FOR SHARE"
      + " RETURNING " + COLUMNS;
  static final String BY_USERNAME = "SELECT " + COLUMNS + ", password_hash FROM agents WHERE username = $1 AND tm_delete IS NULL";
  static final String BY_ID = "SELECT " + COLUMNS + " FROM agents WHERE id = $1 AND customer_id = $2";
  static final Keyset LIST = Keyset.of("SELECT " + COLUMNS + " FROM agents WHERE customer_id = $1 AND tm_delete IS NULL",
      "tm_create", "id");
  static final String COUNT_LIVE = "SELECT count(*) AS n FROM agents WHERE customer_id = $1 AND id = ANY($2) AND tm_delete IS NULL";
  static final String ADMIN_LOCK = "SELECT pg_advisory_xact_lock(7312001)";
  /** Soft-deletes every live agent of a customer (its customer is being deleted); how many. */
  static final String DELETE_ALL_OF = "UPDATE agents SET tm_delete = $2, tm_update = $2 WHERE customer_id = $1"
      + " AND tm_delete IS NULL";
  /** Soft-deletes the live agents of a customer but one (the platform's operators but the configured one). */
  static final String DELETE_OTHERS_OF = "UPDATE agents SET tm_delete = $3, tm_update = $3 WHERE customer_id = $1"
      + " AND id <> $2 AND tm_delete IS NULL";
  static final String SET_OPERATOR = "UPDATE agents SET password_hash = $2, permission = $3, tm_update = $4 WHERE id = $1";
  /** Whether an agent is live in its customer with all the given permission bits. */
  static final String HOLDS = "SELECT 1 FROM agents WHERE id = $1 AND customer_id = $2 AND tm_delete IS NULL"
      + " AND permission & $3 = $3";

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
        .map(rows -> Rows.first(rows).orElseThrow(() -> new TalkException(Status.FAILED_PRECONDITION,
            "CUSTOMER_DELETED", "customer " + customerId + " is deleted")));
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

  static Future<Integer> deleteAllOf(SqlClient sql, UUID customerId, Instant now) {
    return sql.preparedQuery(DELETE_ALL_OF).execute(Tuple.of(customerId, Database.time(now))).map(rows -> rows.rowCount());
  }

  static Future<Integer> deleteOthersOf(SqlClient sql, UUID customerId, UUID keep, Instant now) {
    return sql.preparedQuery(DELETE_OTHERS_OF).execute(Tuple.of(customerId, keep, Database.time(now)))
        .map(rows -> rows.rowCount());
  }

  static Future<Void> setOperator(SqlClient sql, UUID id, String hash, long permission, Instant now) {
    return sql.preparedQuery(SET_OPERATOR).execute(Tuple.of(id, hash, permission, Database.time(now))).mapEmpty();
  }

  static Future<Boolean> holds(SqlClient sql, UUID customerId, UUID id, long bits) {
    return sql.preparedQuery(HOLDS).execute(Tuple.of(id, customerId, bits)).map(rows -> rows.size() == 1);
  }

  /** How many of the given ids are live agents of the customer. */
  static Future<Integer> countLive(SqlClient sql, UUID customerId, UUID[] ids) {
    return sql.preparedQuery(COUNT_LIVE).execute(Tuple.tuple().addUUID(customerId).addArrayOfUUID(ids))
        .map(rows -> rows.iterator().next().getLong("n").intValue());
  }
}
