package io.talkmesh.talkmanager.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses, for each new connection of a pool, the listed server that is the primary: the one that is not in recovery
 * and takes writes ({@code pg_is_in_recovery()} false, {@code transaction_read_only} off, what libpq's
 * {@code target_session_attrs=read-write} checks). A standby is never connected to, so it is never written to.
 *
 * <p>vertx-pg-client 5.0.8 calls this supplier once per connection it opens and tells it nothing about the outcome,
 * so a cached answer could not learn that its server died or refused. Instead every new connection asks again, which
 * costs nothing on the hot path: a pool opens connections only when it grows (once, to its size) or when connections
 * were lost, and that is exactly when the primary may have moved. The answer is cached in two ways: the last primary
 * found is asked first (one short probe connection when nothing changed), and connections opened at the same time
 * share one probe.
 */
final class PrimaryFinder implements Supplier<Future<SqlConnectOptions>> {
  private static final Logger LOG = LoggerFactory.getLogger(PrimaryFinder.class);
  /** How long one server may take to answer the probe: a server that does not answer is passed over. */
  static final long PROBE_TIMEOUT_MS = 2000;
  private static final String PROBE = "SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'";

  private final Vertx vertx;
  private final List<PgConnectOptions> servers;
  private final String pool;
  private int last;
  private boolean known;
  private long lostAtNanos;
  private Future<SqlConnectOptions> probing;

  PrimaryFinder(Vertx vertx, List<PgConnectOptions> servers, String pool) {
    this.vertx = vertx;
    this.servers = List.copyOf(servers);
    this.pool = pool;
  }

  @Override
  public synchronized Future<SqlConnectOptions> get() {
    if (probing == null) {
      Future<SqlConnectOptions> probe = probe(order(), 0, new ArrayList<>());
      probing = probe;
      probe.onComplete(ar -> done(probe));
    }
    return probing;
  }

  private synchronized void done(Future<SqlConnectOptions> probe) {
    if (probing == probe) {
      probing = null;
    }
  }

  /** The last primary found first, then the others as the URI lists them. */
  private synchronized List<Integer> order() {
    List<Integer> order = new ArrayList<>();
    order.add(last);
    for (int i = 0; i < servers.size(); i++) {
      if (i != last) {
        order.add(i);
      }
    }
    return order;
  }

  private Future<SqlConnectOptions> probe(List<Integer> order, int next, List<String> seen) {
    if (next == order.size()) {
      lost(seen);
      return Future.failedFuture(new NoPrimaryException(String.join(", ", seen)));
    }
    int index = order.get(next);
    PgConnectOptions server = servers.get(index);
    return state(server).transform(ar -> {
      if (ar.succeeded() && ar.result() == null) {
        found(index);
        return Future.succeededFuture(server);
      }
      seen.add(DatabaseServers.address(server) + " " + (ar.succeeded() ? ar.result() : reason(ar.cause())));
      return probe(order, next + 1, seen);
    });
  }

  private static String reason(Throwable err) {
    return err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
  }

  /** Null when the server takes writes, else why not ("in recovery", "read-only"). */
  private Future<String> state(PgConnectOptions server) {
    Future<PgConnection> connected = PgConnection.connect(vertx, server);
    return connected
        .compose(conn -> conn.query(PROBE).execute()
            .map(rows -> {
              Row row = rows.iterator().next();
              return row.getBoolean(0) ? "in recovery" : row.getBoolean(1) ? "read-only" : null;
            })
            .eventually(conn::close))
        .timeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onFailure(err -> connected.onSuccess(PgConnection::close)); // a connection that came too late is not kept
  }

  private synchronized void found(int index) {
    if (!known || index != last) {
      String after = known || lostAtNanos == 0 ? ""
          : " after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAtNanos) + " ms without one";
      LOG.info("database primary for pool {} is {}{}", pool, DatabaseServers.address(servers.get(index)), after);
    }
    last = index;
    known = true;
  }

  private synchronized void lost(List<String> seen) {
    if (known || lostAtNanos == 0) {
      LOG.warn("no database primary for pool {}: {}", pool, String.join(", ", seen));
      lostAtNanos = System.nanoTime();
    }
    known = false;
  }

  /** No listed server takes writes now: the primary died and no standby is promoted yet, or none is reachable. */
  static final class NoPrimaryException extends java.io.IOException {
    NoPrimaryException(String servers) {
      super("no primary among the database servers: " + servers);
    }
  }
}
