package io.talkmesh.talkmanager.agent;

import io.talkmesh.common.auth.AccessState;
import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Permission;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Keyset;
import io.talkmesh.talkmanager.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of the agent directory: customers and agents, and the access outbox their access changes go to. */
final class AgentStore {
  static final String COLUMNS = columns("");

  /** The agent's columns, each prefixed by {@code alias} (e.g. "a."). */
  private static String columns(String alias) {
    return java.util.stream.Stream.of("id", "customer_id", "username", "name", "detail", "permission", "ring_method",
        "status", "online", "tm_presence", "tm_create", "tm_update", "tm_delete")
        .map(c -> alias + c).collect(java.util.stream.Collectors.joining(", "));
  }
  static final String INSERT_CUSTOMER = "INSERT INTO customers (id, name, tm_create, tm_update) VALUES ($1, $2, $3, $3)";
  /**
   * Inserts an agent into a live customer only: the customer row is read FOR SHARE, so an insert racing the
   * customer's soft delete either waits for it and inserts nothing, or makes the delete wait and is deleted by it.
   */
  static final String INSERT = "INSERT INTO agents (id, customer_id, username, password_hash, name, detail, permission,"
      + " ring_method, tm_create, tm_update) SELECT $1::uuid, c.id, $3::text, $4::text, $5::text, $6::text, $7::bigint,"
      + " $8::text, $9::timestamptz, $9::timestamptz FROM customers c WHERE c.id = $2 AND c.tm_delete IS NULL FOR SHARE"
      + " RETURNING " + COLUMNS;
  static final String BY_USERNAME = "SELECT " + COLUMNS + ", password_hash FROM agents WHERE username = $1 AND tm_delete IS NULL";
  static final String BY_ID = "SELECT " + COLUMNS + " FROM agents WHERE id = $1 AND customer_id = $2";
  static final Keyset LIST = Keyset.of("SELECT " + COLUMNS + " FROM agents WHERE customer_id = $1 AND tm_delete IS NULL",
      "tm_create", "id");
  static final String COUNT_LIVE = "SELECT count(*) AS n FROM agents WHERE customer_id = $1 AND id = ANY($2) AND tm_delete IS NULL";
  static final String ADMIN_LOCK = "SELECT pg_advisory_xact_lock(7312001)";
  /** Soft-deletes every live agent of a customer (its customer is being deleted); how many. */
  static final String DELETE_ALL_OF = accessChanges("tm_delete = $2, tm_update = $2, sessions_kept = NULL",
      "customer_id = $1 AND tm_delete IS NULL");
  /** Soft-deletes the live agents of a customer but one (the platform's operators but the configured one). */
  static final String DELETE_OTHERS_OF = accessChanges("tm_delete = $3, tm_update = $3, sessions_kept = NULL",
      "customer_id = $1 AND id <> $2 AND tm_delete IS NULL");
  static final String SET_OPERATOR = "UPDATE agents SET password_hash = $2, permission = $3, tm_update = $4 WHERE id = $1";
  /** Whether an agent is live in its customer with all the given permission bits. */
  static final String HOLDS = "SELECT 1 FROM agents WHERE id = $1 AND customer_id = $2 AND tm_delete IS NULL"
      + " AND permission & $3 = $3";

  /**
   * An agent's access state as JSON ({@link AccessState}'s wire shape), written once: the {@code agents.access}
   * reply and every access-outbox row are this expression. The cut-off is rounded up to the millisecond so a token
   * issued in the same millisecond before the change is not admitted.
   */
  static final String ACCESS_JSON = "jsonb_build_object('agent_id', id, 'customer_id', customer_id,"
      + " 'permission', permission, 'deleted', tm_delete IS NOT NULL, 'sessions_valid_after_ms',"
      + " coalesce(ceil(extract(epoch FROM sessions_valid_after) * 1000)::bigint, 0), 'sessions_kept', sessions_kept,"
      + " 'version', access_version)";
  static final String ACCESS = "SELECT " + ACCESS_JSON + " AS access FROM agents WHERE id = $1";

  /** Serialises the changes that could leave a customer without an admin (delete, permission), per customer. */
  static final String CUSTOMER_ADMINS_LOCK = "SELECT pg_advisory_xact_lock(7312002, hashtext($1::text))";
  static final String OTHER_ADMINS = "SELECT count(*) AS n FROM agents WHERE customer_id = $1 AND id <> $2"
      + " AND tm_delete IS NULL AND permission & " + Permission.ADMIN.bit() + " <> 0";
  static final String LIVE_FOR_UPDATE = "SELECT " + COLUMNS + " FROM agents WHERE id = $1 AND customer_id = $2"
      + " AND tm_delete IS NULL FOR UPDATE";

  /** Changes that do not touch access: profile and status ($3.. null keeps the column). */
  static final String UPDATE_PROFILE = "UPDATE agents SET name = coalesce($3, name), detail = coalesce($4, detail),"
      + " ring_method = coalesce($5, ring_method), tm_update = $6 WHERE id = $1 AND customer_id = $2"
      + " AND tm_delete IS NULL RETURNING " + COLUMNS;
  /**
   * Sets the status under the row's lock, returning the status before ({@code old_status}): while the agent is online
   * its presence is its status, so a different status is a change of presence ({@code tm_presence}).
   */
  static final String UPDATE_STATUS = "WITH old AS (SELECT id, status FROM agents WHERE id = $1 AND customer_id = $2"
      + " AND tm_delete IS NULL FOR NO KEY UPDATE)"
      + " UPDATE agents a SET status = $3, tm_update = $4, tm_presence = CASE WHEN a.online AND old.status <> $3"
      + " THEN clock_timestamp() ELSE a.tm_presence END FROM old WHERE a.id = old.id"
      + " RETURNING " + columns("a.") + ", old.status AS old_status";
  /** Changes of access: each bumps access_version and appends the new state to the access outbox, in one statement. */
  static final String SET_PASSWORD = accessChange("password_hash = $3, sessions_valid_after = clock_timestamp(),"
      + " sessions_kept = $4, tm_update = $5");
  static final String SET_PERMISSION = accessChange("permission = $3, tm_update = $4");
  static final String DELETE = accessChange("tm_delete = $3, tm_update = $3, sessions_kept = NULL");

  private static String accessChange(String set) {
    return accessChanges(set, "id = $1 AND customer_id = $2 AND tm_delete IS NULL");
  }

  /** An access change of every agent {@code where} selects, each logged to the access outbox in the same statement. */
  private static String accessChanges(String set, String where) {
    return "WITH changed AS (UPDATE agents SET " + set + ", access_version = access_version + 1"
        + " WHERE " + where + " RETURNING *),"
        + " logged AS (INSERT INTO talk_access_changes (agent_id, data) SELECT id, " + ACCESS_JSON + " FROM changed)"
        + " SELECT " + COLUMNS + " FROM changed";
  }

  /** An agent row with its password hash, for login only. */
  record Credentials(Agent agent, String passwordHash) {
  }

  static Agent fromRow(Row row) {
    return new Agent(row.getUUID("id"), row.getUUID("customer_id"), row.getString("username"), row.getString("name"),
        row.getString("detail"), row.getLong("permission"), row.getString("ring_method"), row.getString("status"),
        Agent.presenceOf(row.getString("status"), row.getBoolean("online")),
        Database.instant(row.getOffsetDateTime("tm_presence")), Database.instant(row.getOffsetDateTime("tm_create")), Database.instant(row.getOffsetDateTime("tm_update")),
        Database.instant(row.getOffsetDateTime("tm_delete")));
  }

  private static Credentials credentials(Row row) {
    return new Credentials(fromRow(row), row.getString("password_hash"));
  }

  static Future<Void> insertCustomer(SqlClient sql, UUID id, String name, Instant now) {
    return sql.preparedQuery(INSERT_CUSTOMER).execute(Tuple.of(id, name, Database.time(now))).mapEmpty();
  }

  static Future<Agent> insert(SqlClient sql, UUID customerId, String username, String hash, String name, String detail,
                              long permission, String ringMethod, Instant now) {
    return sql.preparedQuery(INSERT).mapping(AgentStore::fromRow)
        .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(customerId).addString(username).addString(hash)
            .addString(name).addString(detail).addLong(permission).addString(ringMethod)
            .addOffsetDateTime(Database.time(now)))
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
    return sql.preparedQuery(DELETE_ALL_OF).execute(Tuple.of(customerId, Database.time(now))).map(rows -> rows.size());
  }

  static Future<Integer> deleteOthersOf(SqlClient sql, UUID customerId, UUID keep, Instant now) {
    return sql.preparedQuery(DELETE_OTHERS_OF).execute(Tuple.of(customerId, keep, Database.time(now)))
        .map(rows -> rows.size());
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

  /** The access state of any agent (deleted included); empty when there is no such agent. */
  static Future<Optional<AccessState>> access(SqlClient sql, UUID id) {
    return sql.preparedQuery(ACCESS).mapping(row -> AccessState.fromJson((JsonObject) row.getValue("access")))
        .execute(Tuple.of(id)).map(Rows::first);
  }

  /** Locks the customer's admin changes, then the live agent's row; empty when it is not a live agent of the customer. */
  static Future<Optional<Agent>> lockLive(SqlClient sql, UUID customerId, UUID id) {
    return sql.preparedQuery(CUSTOMER_ADMINS_LOCK).execute(Tuple.of(customerId.toString()))
        .compose(v -> sql.preparedQuery(LIVE_FOR_UPDATE).mapping(AgentStore::fromRow).execute(Tuple.of(id, customerId)))
        .map(Rows::first);
  }

  /** Live admins of the customer besides {@code id}. */
  static Future<Long> otherAdmins(SqlClient sql, UUID customerId, UUID id) {
    return sql.preparedQuery(OTHER_ADMINS).execute(Tuple.of(customerId, id)).map(rows -> rows.iterator().next().getLong("n"));
  }

  static Future<Optional<Agent>> updateProfile(SqlClient sql, UUID customerId, UUID id, String name, String detail,
                                               String ringMethod, Instant now) {
    return sql.preparedQuery(UPDATE_PROFILE).mapping(AgentStore::fromRow)
        .execute(Tuple.of(id, customerId, name, detail, ringMethod, Database.time(now))).map(Rows::first);
  }

  /** An agent whose status was just set, with the status it had and whether it is online. */
  record StatusChange(Agent agent, String before, boolean online) {
  }

  static Future<Optional<StatusChange>> updateStatus(SqlClient sql, UUID customerId, UUID id, String status,
                                                     Instant now) {
    return sql.preparedQuery(UPDATE_STATUS)
        .mapping(row -> new StatusChange(fromRow(row), row.getString("old_status"), row.getBoolean("online")))
        .execute(Tuple.of(id, customerId, status, Database.time(now))).map(Rows::first);
  }

  /** New password; tokens issued until now die but the one named {@code keptSession} (null: all of them). */
  static Future<Optional<Agent>> setPassword(SqlClient sql, UUID customerId, UUID id, String hash, String keptSession,
                                             Instant now) {
    return sql.preparedQuery(SET_PASSWORD).mapping(AgentStore::fromRow)
        .execute(Tuple.of(id, customerId, hash, keptSession, Database.time(now))).map(Rows::first);
  }

  static Future<Optional<Agent>> setPermission(SqlClient sql, UUID customerId, UUID id, long permission, Instant now) {
    return sql.preparedQuery(SET_PERMISSION).mapping(AgentStore::fromRow)
        .execute(Tuple.of(id, customerId, permission, Database.time(now))).map(Rows::first);
  }

  static Future<Optional<Agent>> delete(SqlClient sql, UUID customerId, UUID id, Instant now) {
    return sql.preparedQuery(DELETE).mapping(AgentStore::fromRow)
        .execute(Tuple.of(id, customerId, Database.time(now))).map(Rows::first);
  }
}
