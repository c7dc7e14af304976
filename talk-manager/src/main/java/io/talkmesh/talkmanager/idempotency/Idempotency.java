package io.talkmesh.talkmanager.idempotency;

import io.talkmesh.common.rpc.Trace;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/**
 * Runs a mutation at most once per dedupe scope ({@link Trace#idempotencyKey()}): the scope is claimed and the
 * result stored in the mutation's own transaction, so a retry (same Idempotency-Key, through any gateway and any
 * talk-manager) or a broker redelivery after a crash gets the original result and causes no second effect. Two
 * concurrent requests with one scope serialise on the scope's unique key: the second waits for the first to commit,
 * then answers its stored result (or runs, if the first rolled back). Failures are not stored: nothing happened.
 */
public final class Idempotency {
  static final String CLAIM = "INSERT INTO talk_idempotency (scope) VALUES ($1) ON CONFLICT (scope) DO NOTHING RETURNING scope";
  static final String STORED = "SELECT response FROM talk_idempotency WHERE scope = $1";
  static final String STORE = "UPDATE talk_idempotency SET response = $2 WHERE scope = $1";

  private Idempotency() {
  }

  public static <T> Future<T> once(Pool pool, Trace trace, Function<SqlConnection, Future<T>> mutation,
                                   Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    String scope = trace.idempotencyKey();
    if (scope.isEmpty()) {
      return pool.withTransaction(mutation);
    }
    return pool.withTransaction(tx -> tx.preparedQuery(CLAIM).execute(Tuple.of(scope))
        .compose(claimed -> claimed.size() == 1
            ? mutation.apply(tx).compose(result -> tx.preparedQuery(STORE).execute(Tuple.of(scope, toJson.apply(result)))
                .map(result))
            : tx.preparedQuery(STORED).execute(Tuple.of(scope))
                .map(rows -> fromJson.apply(rows.iterator().next().getJsonObject("response")))));
  }
}
