package io.talkmesh.talkmanager.retention;

import io.talkmesh.common.config.Env;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long talk-manager keeps the rows that only matter for a while, and the statements that delete them after it:
 * relayed events of the per-chat event log ({@code TALK_EVENT_RETENTION_HOURS}), stored results of idempotent
 * mutations ({@code TALK_IDEMPOTENCY_TTL_HOURS}), failed logins (a day) and webhook delivery logs (30 days: a log
 * answers "what happened to my events", which an admin asks within days).
 *
 * @param eventHours       how long the event log keeps relayed events clients can resume from
 * @param idempotencyHours how long a mutation's stored result answers retries
 */
public record Retention(int eventHours, int idempotencyHours) {
  /** Failed logins matter only within the throttling window (minutes); a day is a generous bound. */
  static final int LOGIN_FAILURE_HOURS = 24;
  static final int WEBHOOK_DELIVERY_HOURS = 30 * 24;

  public static Retention from(Env env) {
    return new Retention(env.positive("TALK_EVENT_RETENTION_HOURS", 72), env.positive("TALK_IDEMPOTENCY_TTL_HOURS", 24));
  }

  /** One kind of row, kept {@code hours}; {@code delete} removes those older, with the hours as $1. */
  public record Purge(String rows, int hours, String delete) {
    Future<Integer> run(SqlClient sql) {
      return sql.preparedQuery(delete).execute(Tuple.of(hours)).map(SqlResult::rowCount);
    }
  }

  public List<Purge> purges() {
    return List.of(
        new Purge("relayed events", eventHours, "DELETE FROM talk_events WHERE tm_relayed IS NOT NULL"
            + " AND tm_create < now() - make_interval(hours => $1)"),
        new Purge("idempotent results", idempotencyHours,
            "DELETE FROM talk_idempotency WHERE tm_create < now() - make_interval(hours => $1)"),
        new Purge("login failures", LOGIN_FAILURE_HOURS,
            "DELETE FROM talk_login_failures WHERE tm_create < now() - make_interval(hours => $1)"),
        new Purge("webhook deliveries", WEBHOOK_DELIVERY_HOURS,
            "DELETE FROM talk_webhook_deliveries WHERE tm_create < now() - make_interval(hours => $1)"));
  }

  /** Runs every purge once, one after the other; how many rows each deleted, in the order of {@link #purges()}. */
  public Future<Map<Purge, Integer>> purge(SqlClient sql) {
    Map<Purge, Integer> deleted = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (Purge purge : purges()) {
      chain = chain.compose(v -> purge.run(sql)).map(n -> {
        deleted.put(purge, n);
        return null;
      });
    }
    return chain.map(v -> deleted);
  }
}
