package io.talkmesh.talkmanager.db;

import io.talkmesh.common.error.Errors;
import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;

/**
 * The one mapping from a failed database call to the error an RPC answers: PostgreSQL's errors by SQLSTATE, the
 * client's by exception type (never by message text); anything else as {@link Errors#toTalk} maps it.
 *
 * <p>What vertx-sql-client 5.0.8 fails with, by type: {@link PgException} for every error PostgreSQL reports;
 * {@link ClosedConnectionException} for commands in flight when a connection drops; {@link ConnectionPoolTooBusyException}
 * (vertx-core's pool) when the wait queue is full ({@link Database#MAX_WAITING}); {@link java.net.ConnectException}
 * (Netty's connect timeout is one too) and other {@link IOException}s for a refused or broken connection; and a bare
 * {@link VertxException} for a command on a connection that is closed or closing: the pending commands of a dropped
 * connection, a command scheduled on an inactive one, and the pool's {@code NetSocketInternal.CLOSED_EXCEPTION}.
 * The client's one other bare {@link VertxException}, a parameter that cannot be bound, is a bug our typed
 * statements do not make; it is answered 503 like a lost connection.
 */
public final class DatabaseErrors {
  private DatabaseErrors() {
  }

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  /** The wire error for any failure of an RPC handler: a database failure as the class comment says, else Errors'. */
  public static TalkException toTalk(Throwable err) {
    if (err instanceof TalkException talk) {
      return talk;
    }
    if (err instanceof PgException pg) {
      return ofSqlState(pg);
    }
    if (err instanceof ConnectionPoolTooBusyException) {
      return busy();
    }
    if (err instanceof ClosedConnectionException || err instanceof IOException || err.getClass() == VertxException.class) {
      return unavailable();
    }
    return Errors.toTalk(err);
  }

  /** Whether the failure is a violation of this unique index or constraint (e.g. to name what was taken). */
  public static boolean violates(Throwable err, String constraint) {
    return err instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
        && constraint.equals(pg.getConstraint());
  }

  private static TalkException ofSqlState(PgException pg) {
    String state = String.valueOf(pg.getSqlState());
    return switch (state) {
      case UNIQUE_VIOLATION -> TalkException.alreadyExists("DUPLICATE", "already exists");
      case FOREIGN_KEY_VIOLATION -> TalkException.notFound("REFERENCE_NOT_FOUND", "a referenced resource does not exist");
      // invalid text representation, string too long, numeric out of range, NUL byte, untranslatable character
      case "22P02", "22001", "22003", "22021", "22P05" ->
          TalkException.invalid("INVALID_VALUE", "a value is not acceptable: %s", pg.getErrorMessage());
      // the server shutting down (admin, crash) or not yet accepting connections
      case "57P01", "57P02", "57P03" -> unavailable();
      // read-only transaction: the server no longer takes writes (a fenced primary, default_transaction_read_only);
      // new connections go to the primary only (PrimaryFinder), so a retry can succeed
      case "25006" -> unavailable();
      case "53300" -> busy(); // too many connections
      // class 08: connection exceptions
      default -> state.startsWith("08") ? unavailable() : TalkException.unexpected(pg);
    };
  }

  private static TalkException unavailable() {
    return TalkException.unavailable("DATABASE_UNAVAILABLE", "the database is not reachable");
  }

  private static TalkException busy() {
    return new TalkException(Status.UNAVAILABLE, "DATABASE_BUSY", "too many requests are waiting for the database; retry");
  }
}
