package io.talkmesh.talkmanager.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.ClientBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/** The connection pools and the time conversions of every table; {@link DatabaseErrors} maps their failures. */
public final class Database {
  private Database() {
  }

  /**
   * Statements are prepared once per connection and reused (named server-side statements): without the cache every
   * execution is parsed, analysed and planned again, which for the send statement cost PostgreSQL more than executing
   * it. The SQL length limit is raised so that the longest statement (the send, ~2.5 KB) is cached too.
   * <p>
   * PostgreSQL's JIT is off for every connection ({@code jit=off}, a start-up parameter): once a table is large its
   * cost estimates pass {@code jit_above_cost} and each execution compiles its expressions anew, 14-22 ms of a rare
   * search's 17-25 ms on a million messages (BENCHMARKS.md), while no statement of ours runs long enough to win it back.
   */
  static PgConnectOptions connectOptions(PgConnectOptions server, Map<String, String> settings) {
    PgConnectOptions options = new PgConnectOptions(server).setPipeliningLimit(256);
    options.setCachePreparedStatements(true).setPreparedStatementCacheMaxSize(256)
        .setPreparedStatementCacheSqlLimit(16_384);
    options.addProperty("jit", "off");
    settings.forEach(options::addProperty);
    return options;
  }

  /** Requests waiting for a connection beyond this many are refused at once (503) instead of piling up. */
  static final int MAX_WAITING = 256;

  /** The RPC listeners' pool, shared by every RPC verticle instance of the process. */
  public static Pool pool(Vertx vertx, String uri, int size) {
    return pool(vertx, uri, size, "talk-manager");
  }

  /**
   * A named pool, shared by the verticles that ask for the same name: the outbox relay and the health checks use
   * their own, so a burst of requests can never starve event relaying. Waiting for a connection has no timer: the
   * callers' own deadlines bound it (and Vert.x 5.0.8 can lose a connection when a wait timer races a release);
   * the wait queue is bounded instead.
   */
  public static Pool pool(Vertx vertx, String uri, int size, String name) {
    return pool(vertx, uri, size, name, Map.of());
  }

  /**
   * A named pool whose connections start with these run-time parameters (e.g. synchronous_commit). When the URI lists
   * several servers ({@link DatabaseServers}), each new connection goes to the one that is primary
   * ({@link PrimaryFinder}); with one server the pool connects to it as it always did, with no probe.
   */
  public static Pool pool(Vertx vertx, String uri, int size, String name, Map<String, String> settings) {
    DatabaseServers servers = DatabaseServers.parse(uri);
    ClientBuilder<Pool> builder = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName(name).setShared(true).setConnectionTimeout(0)
            .setMaxWaitQueueSize(MAX_WAITING));
    if (servers.several()) {
      builder.connectingTo(new PrimaryFinder(vertx,
          servers.servers().stream().map(server -> connectOptions(server, settings)).toList(), name));
    } else {
      builder.connectingTo(connectOptions(servers.servers().get(0), settings));
    }
    return builder.using(vertx).build();
  }

  public static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  public static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
