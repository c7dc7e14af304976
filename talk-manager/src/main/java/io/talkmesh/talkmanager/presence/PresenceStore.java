package io.talkmesh.talkmanager.presence;

import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Presence;
import io.talkmesh.talkmanager.db.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * SQL of presence (migration V15): the push instances' rows and the agents they hold sessions of, and the derived
 * {@code agents.online}. Every statement that changes an agent's presence runs under that agent's row lock, taken
 * first and in id order ({@link #LOCK_AGENTS}), so concurrent reports of two instances about one agent serialise
 * and cannot deadlock each other.
 */
final class PresenceStore {
  /** Renews an instance; no row: it is new, or it expired and was swept. */
  static final String RENEW = "UPDATE talk_push_instances SET expires_at = now() + make_interval(secs => $2::bigint / 1000.0)"
      + " WHERE instance_id = $1";
  static final String INSERT_INSTANCE = "INSERT INTO talk_push_instances (instance_id, expires_at)"
      + " VALUES ($1, now() + make_interval(secs => $2::bigint / 1000.0)) ON CONFLICT (instance_id) DO NOTHING";
  static final String SESSIONS_OF = "SELECT agent_id FROM talk_agent_sessions WHERE instance_id = $1";
  static final String LOCK_AGENTS = "SELECT id, online, offline_at IS NOT NULL AS leaving FROM agents"
      + " WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE";
  static final String ADD_SESSIONS = "INSERT INTO talk_agent_sessions (agent_id, instance_id)"
      + " SELECT id, $1 FROM agents WHERE id = ANY($2) AND tm_delete IS NULL ON CONFLICT DO NOTHING";
  static final String REMOVE_SESSIONS = "DELETE FROM talk_agent_sessions WHERE instance_id = $1 AND agent_id = ANY($2)";
  static final String REMOVE_SESSIONS_BUT = "DELETE FROM talk_agent_sessions WHERE instance_id = $1"
      + " AND agent_id <> ALL($2)";
  static final String WITH_SESSIONS = "SELECT DISTINCT agent_id FROM talk_agent_sessions WHERE agent_id = ANY($1)";
  /** Offline (or leaving) agents that have a session again: online now; a change of presence unless status offline. */
  static final String COME_ONLINE = "UPDATE agents SET online = true, offline_at = NULL,"
      + " tm_presence = CASE WHEN NOT online AND status <> 'offline' THEN clock_timestamp() ELSE tm_presence END"
      + " WHERE id = ANY($1) RETURNING id, customer_id, status, tm_presence, online";
  /** Online agents left without a session: offline once the grace ($2 ms) is over, unless a session comes back. */
  static final String START_LEAVING = "UPDATE agents SET offline_at = now() + make_interval(secs => $2::bigint / 1000.0)"
      + " WHERE id = ANY($1) AND online AND offline_at IS NULL";
  static final String EXPIRED_INSTANCES = "SELECT instance_id FROM talk_push_instances WHERE expires_at < now()"
      + " ORDER BY instance_id LIMIT 50 FOR UPDATE SKIP LOCKED";
  static final String SESSIONS_OF_INSTANCES = "SELECT DISTINCT agent_id FROM talk_agent_sessions"
      + " WHERE instance_id = ANY($1)";
  static final String DELETE_INSTANCES = "DELETE FROM talk_push_instances WHERE instance_id = ANY($1)";
  static final String DUE_OFFLINE = "SELECT id FROM agents WHERE offline_at <= now() ORDER BY id LIMIT 500"
      + " FOR NO KEY UPDATE SKIP LOCKED";
  /** Agents whose grace is over and that still have no session: offline. */
  static final String GO_OFFLINE = "UPDATE agents a SET online = false, offline_at = NULL,"
      + " tm_presence = CASE WHEN a.status <> 'offline' THEN clock_timestamp() ELSE a.tm_presence END"
      + " WHERE a.id = ANY($1) AND a.offline_at <= now()"
      + " AND NOT EXISTS (SELECT 1 FROM talk_agent_sessions s WHERE s.agent_id = a.id)"
      + " RETURNING a.id, a.customer_id, a.status, a.tm_presence, a.online";

  private PresenceStore() {
  }

  /** An agent's state as the presence statements lock it. */
  record Locked(UUID id, boolean online, boolean leaving) {
  }

  static Future<Boolean> renew(SqlClient sql, UUID instance, long ttlMs) {
    return sql.preparedQuery(RENEW).execute(Tuple.of(instance, ttlMs)).map(rows -> rows.rowCount() == 1);
  }

  static Future<Void> insertInstance(SqlClient sql, UUID instance, long ttlMs) {
    return sql.preparedQuery(INSERT_INSTANCE).execute(Tuple.of(instance, ttlMs)).mapEmpty();
  }

  static Future<Set<UUID>> sessionsOf(SqlClient sql, UUID instance) {
    return sql.preparedQuery(SESSIONS_OF).execute(Tuple.of(instance)).map(PresenceStore::agentIds);
  }

  static Future<List<Locked>> lock(SqlClient sql, Set<UUID> agents) {
    return sql.preparedQuery(LOCK_AGENTS).execute(Tuple.tuple().addArrayOfUUID(array(agents))).map(rows -> {
      List<Locked> locked = new ArrayList<>(rows.size());
      for (Row row : rows) {
        locked.add(new Locked(row.getUUID("id"), row.getBoolean("online"), row.getBoolean("leaving")));
      }
      return locked;
    });
  }

  static Future<Void> add(SqlClient sql, UUID instance, List<UUID> agents) {
    return agents.isEmpty() ? Future.succeededFuture()
        : sql.preparedQuery(ADD_SESSIONS).execute(Tuple.tuple().addUUID(instance).addArrayOfUUID(array(agents))).mapEmpty();
  }

  static Future<Void> remove(SqlClient sql, UUID instance, List<UUID> agents) {
    return agents.isEmpty() ? Future.succeededFuture()
        : sql.preparedQuery(REMOVE_SESSIONS).execute(Tuple.tuple().addUUID(instance).addArrayOfUUID(array(agents))).mapEmpty();
  }

  static Future<Void> removeAllBut(SqlClient sql, UUID instance, List<UUID> kept) {
    return sql.preparedQuery(REMOVE_SESSIONS_BUT).execute(Tuple.tuple().addUUID(instance).addArrayOfUUID(array(kept))).mapEmpty();
  }

  static Future<Set<UUID>> withSessions(SqlClient sql, Set<UUID> agents) {
    return sql.preparedQuery(WITH_SESSIONS).execute(Tuple.tuple().addArrayOfUUID(array(agents))).map(PresenceStore::agentIds);
  }

  static Future<List<Presence>> comeOnline(SqlClient sql, List<UUID> agents) {
    return agents.isEmpty() ? Future.succeededFuture(List.of())
        : sql.preparedQuery(COME_ONLINE).execute(Tuple.tuple().addArrayOfUUID(array(agents))).map(PresenceStore::presences);
  }

  static Future<Void> startLeaving(SqlClient sql, List<UUID> agents, long graceMs) {
    return agents.isEmpty() ? Future.succeededFuture()
        : sql.preparedQuery(START_LEAVING).execute(Tuple.tuple().addArrayOfUUID(array(agents)).addLong(graceMs)).mapEmpty();
  }

  static Future<List<UUID>> expiredInstances(SqlClient sql) {
    return sql.query(EXPIRED_INSTANCES).execute().map(rows -> ids(rows, "instance_id"));
  }

  static Future<Set<UUID>> sessionsOfInstances(SqlClient sql, List<UUID> instances) {
    return sql.preparedQuery(SESSIONS_OF_INSTANCES).execute(Tuple.tuple().addArrayOfUUID(array(instances))).map(PresenceStore::agentIds);
  }

  static Future<Void> deleteInstances(SqlClient sql, List<UUID> instances) {
    return sql.preparedQuery(DELETE_INSTANCES).execute(Tuple.tuple().addArrayOfUUID(array(instances))).mapEmpty();
  }

  static Future<List<UUID>> dueOffline(SqlClient sql) {
    return sql.query(DUE_OFFLINE).execute().map(rows -> ids(rows, "id"));
  }

  private static List<UUID> ids(RowSet<Row> rows, String column) {
    List<UUID> ids = new ArrayList<>(rows.size());
    rows.forEach(row -> ids.add(row.getUUID(column)));
    return ids;
  }

  static Future<List<Presence>> goOffline(SqlClient sql, List<UUID> agents) {
    return agents.isEmpty() ? Future.succeededFuture(List.of())
        : sql.preparedQuery(GO_OFFLINE).execute(Tuple.tuple().addArrayOfUUID(array(agents))).map(PresenceStore::presences);
  }

  /** The presence each returned row now shows (status offline shows offline whether connected or not). */
  private static List<Presence> presences(RowSet<Row> rows) {
    List<Presence> changed = new ArrayList<>(rows.size());
    for (Row row : rows) {
      String status = row.getString("status");
      changed.add(new Presence(row.getUUID("id"), row.getUUID("customer_id"),
          Agent.presenceOf(status, row.getBoolean("online")), status,
          Database.instant(row.getOffsetDateTime("tm_presence"))));
    }
    return changed;
  }

  private static Set<UUID> agentIds(RowSet<Row> rows) {
    Set<UUID> ids = new HashSet<>();
    rows.forEach(row -> ids.add(row.getUUID("agent_id")));
    return ids;
  }

  private static UUID[] array(java.util.Collection<UUID> ids) {
    return ids.toArray(new UUID[0]);
  }
}
