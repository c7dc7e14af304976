package io.talkmesh.talkmanager.agent;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Agent;
import io.talkmesh.talkmanager.db.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
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
  static final String LIST_FIRST = "SELECT " + COLUMNS + " FROM agents WHERE customer_id = $1 AND tm_delete IS NULL"
      + " ORDER BY tm_create DESC, id DESC LIMIT $2";
  static final String LIST_AFTER = "SELECT " + COLUMNS + " FROM agents WHERE customer_id = $1 AND tm_delete IS NULL"
      + " AND (tm_create, id) < ($3, $4) ORDER BY tm_create DESC, id DESC LIMIT $2";
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

  static Future<Void> insertCustomer(SqlClient sql, UUID id, String name, Instant now) {
    return sql.preparedQuery(INSERT_CUSTOMER).execute(Tuple.of(id, name, Database.time(now))).mapEmpty();
  }

  static Future<Agent> insert(SqlClient sql, UUID customerId, String username, String hash, String name, String detail,
                              long permission, Instant now) {
    return sql.preparedQuery(INSERT)
        .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(customerId).addString(username).addString(hash)
            .addString(name).addString(detail).addLong(permission).addOffsetDateTime(Database.time(now)))
        .map(rows -> fromRow(rows.iterator().next()));
  }

  static Future<Optional<Credentials>> byUsername(SqlClient sql, String username) {
    return sql.preparedQuery(BY_USERNAME).execute(Tuple.of(username))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(
            new Credentials(fromRow(rows.iterator().next()), rows.iterator().next().getString("password_hash"))));
  }

  static Future<Optional<Agent>> byId(SqlClient sql, UUID customerId, UUID id) {
    return sql.preparedQuery(BY_ID).execute(Tuple.of(id, customerId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(fromRow(rows.iterator().next())));
  }

  static Future<List<Agent>> list(SqlClient sql, UUID customerId, PageRequest page) {
    Future<io.vertx.sqlclient.RowSet<Row>> rows = page.first()
        ? sql.preparedQuery(LIST_FIRST).execute(Tuple.of(customerId, page.size()))
        : sql.preparedQuery(LIST_AFTER).execute(Tuple.of(customerId, page.size(), Database.time(page.afterTime()), page.afterId()));
    return rows.map(set -> {
      List<Agent> agents = new ArrayList<>();
      set.forEach(row -> agents.add(fromRow(row)));
      return agents;
    });
  }

  /** How many of the given ids are live agents of the customer. */
  static Future<Integer> countLive(SqlClient sql, UUID customerId, UUID[] ids) {
    return sql.preparedQuery(COUNT_LIVE).execute(Tuple.tuple().addUUID(customerId).addArrayOfUUID(ids))
        .map(rows -> rows.iterator().next().getLong("n").intValue());
  }
}
