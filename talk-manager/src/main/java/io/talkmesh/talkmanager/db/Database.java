package io.talkmesh.talkmanager.db;

import io.talkmesh.common.error.TalkException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The connection pool and the translation of database errors into wire errors. */
public final class Database {
  private Database() {
  }

  /**
   * Statements are prepared once per connection and reused (named server-side statements): without the cache every
   * execution is parsed, analysed and planned again, which for the send statement cost PostgreSQL more than executing
   * it. The SQL length limit is raised so that the longest statement (the send, ~2.5 KB) is cached too.
   */
  public static PgConnectOptions connectOptions(String uri) {
    PgConnectOptions options = PgConnectOptions.fromUri(uri).setPipeliningLimit(256);
    options.setCachePreparedStatements(true).setPreparedStatementCacheMaxSize(256)
        .setPreparedStatementCacheSqlLimit(16_384);
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
    return pool(vertx, uri, size, name, java.util.Map.of());
  }

  /** A named pool whose connections start with these run-time parameters (e.g. synchronous_commit). */
  public static Pool pool(Vertx vertx, String uri, int size, String name, java.util.Map<String, String> settings) {
    PgConnectOptions connect = connectOptions(uri);
    settings.forEach(connect::addProperty);
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName(name).setShared(true).setConnectionTimeout(0)
            .setMaxWaitQueueSize(MAX_WAITING))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /** Maps constraint violations and bad values by SQLSTATE; anything else stays as it is (an INTERNAL). */
  public static <T> Future<T> translate(Throwable err) {
    if (err instanceof PgException pg) {
      switch (pg.getSqlState()) {
        case "23505":
          return Future.failedFuture(TalkException.alreadyExists("DUPLICATE", "already exists"));
        case "23503":
          return Future.failedFuture(TalkException.notFound("REFERENCE_NOT_FOUND", "a referenced resource does not exist"));
        case "22P02", "22001", "22003", "22021", "22P05":
          return Future.failedFuture(TalkException.invalid("INVALID_VALUE", "a value is not acceptable: %s", pg.getErrorMessage()));
        case "08000", "08003", "08006", "57P01", "57P03":
          return Future.failedFuture(TalkException.unavailable("DATABASE_UNAVAILABLE", "the database is not reachable"));
        default:
          return Future.failedFuture(err);
      }
    }
    return Future.failedFuture(err);
  }

  /**
   * What an RPC answers when a database call failed: constraint and value errors by SQLSTATE, a lost or refused
   * connection as UNAVAILABLE (503) rather than INTERNAL, anything else unchanged.
   */
  public static Throwable classify(Throwable err) {
    if (err instanceof TalkException) {
      return err;
    }
    if (err instanceof io.vertx.sqlclient.ClosedConnectionException || err instanceof java.net.ConnectException
        || err instanceof io.netty.channel.ConnectTimeoutException
        || (err instanceof io.vertx.core.VertxException && String.valueOf(err.getMessage()).contains("Connection"))) {
      return TalkException.unavailable("DATABASE_UNAVAILABLE", "the database is not reachable");
    }
    if (String.valueOf(err.getMessage()).contains("max wait queue")) {
      return TalkException.unavailable("DATABASE_BUSY", "too many requests are waiting for the database; retry");
    }
    if (err instanceof PgException) {
      return translate(err).cause();
    }
    return err;
  }

  public static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  public static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
