package io.talkmesh.talkmanager.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The wire error of each failure vertx-sql-client 5.0.8 reports, built as the client builds it (by type, not text). */
class DatabaseErrorsTest {

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(pg("23505", null), Status.ALREADY_EXISTS, "DUPLICATE"),
        Arguments.of(pg("23503", null), Status.NOT_FOUND, "REFERENCE_NOT_FOUND"),
        Arguments.of(pg("22P02", null), Status.INVALID_ARGUMENT, "INVALID_VALUE"),
        Arguments.of(pg("22001", null), Status.INVALID_ARGUMENT, "INVALID_VALUE"),
        Arguments.of(pg("22021", null), Status.INVALID_ARGUMENT, "INVALID_VALUE"),
        Arguments.of(pg("08006", null), Status.UNAVAILABLE, "DATABASE_UNAVAILABLE"),
        Arguments.of(pg("08P01", null), Status.UNAVAILABLE, "DATABASE_UNAVAILABLE"),
        Arguments.of(pg("57P01", null), Status.UNAVAILABLE, "DATABASE_UNAVAILABLE"),
        Arguments.of(pg("57P03", null), Status.UNAVAILABLE, "DATABASE_UNAVAILABLE"),
        Arguments.of(pg("25006", null), Status.UNAVAILABLE, "DATABASE_UNAVAILABLE"),
        Arguments.of(new PrimaryFinder.NoPrimaryException("127.0.0.1:5441 in recovery"), Status.UNAVAILABLE,
            "DATABASE_UNAVAILABLE"),
        Arguments.of(pg("53300", null), Status.UNAVAILABLE, "DATABASE_BUSY"),
        Arguments.of(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 256"),
            Status.UNAVAILABLE, "DATABASE_BUSY"),
        Arguments.of(ClosedConnectionException.INSTANCE, Status.UNAVAILABLE, "DATABASE_UNAVAILABLE"),
        Arguments.of(NetSocketInternal.CLOSED_EXCEPTION, Status.UNAVAILABLE, "DATABASE_UNAVAILABLE"),
        Arguments.of(VertxException.noStackTrace("Connection is not active now, current status: CLOSED"),
            Status.UNAVAILABLE, "DATABASE_UNAVAILABLE"),
        Arguments.of(new ConnectException("Connection refused"), Status.UNAVAILABLE, "DATABASE_UNAVAILABLE"),
        Arguments.of(new io.netty.channel.ConnectTimeoutException("connection timed out"), Status.UNAVAILABLE,
            "DATABASE_UNAVAILABLE"),
        Arguments.of(new java.io.IOException("Connection reset by peer"), Status.UNAVAILABLE, "DATABASE_UNAVAILABLE"),
        Arguments.of(new TimeoutException(), Status.DEADLINE_EXCEEDED, "UPSTREAM_TIMEOUT"),
        Arguments.of(new DecodeException("bad"), Status.INVALID_ARGUMENT, "INVALID_JSON"));
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @MethodSource("failures")
  void eachFailureIsAnsweredWithItsWireError(Throwable failure, Status status, String reason) {
    TalkException error = DatabaseErrors.toTalk(failure);
    assertThat(error.status()).as("status of %s", failure).isEqualTo(status);
    assertThat(error.reason()).as("reason of %s", failure).isEqualTo(reason);
    assertThat(error.getCause()).as("only bugs keep a cause").isNull();
  }

  @Test
  void messageTextDoesNotDecide() {
    // the words the old mapping looked for, in failures of other types
    assertThat(DatabaseErrors.toTalk(new IllegalStateException("Connection pool reached max wait queue size")).status())
        .isEqualTo(Status.INTERNAL);
    assertThat(DatabaseErrors.toTalk(new VertxException("Connection closed") { }).status()).isEqualTo(Status.INTERNAL);
  }

  @Test
  void anUnknownFailureIsInternalAndKeepsItsCauseForTheLog() {
    IllegalStateException bug = new IllegalStateException("a bug");
    TalkException error = DatabaseErrors.toTalk(bug);
    assertThat(error.status()).isEqualTo(Status.INTERNAL);
    assertThat(error.reason()).isEqualTo("INTERNAL");
    assertThat(error.getMessage()).isEqualTo("internal error");
    assertThat(error.getCause()).isSameAs(bug);
    PgException unknown = pg("42P01", null);
    assertThat(DatabaseErrors.toTalk(unknown).getCause()).isSameAs(unknown);
  }

  @Test
  void aTalkExceptionIsAnsweredAsItIs() {
    TalkException denied = TalkException.denied("NOT_PARTICIPANT", "no");
    assertThat(DatabaseErrors.toTalk(denied)).isSameAs(denied);
  }

  @Test
  void aBadValueSaysWhatPostgresqlFoundWrong() {
    assertThat(DatabaseErrors.toTalk(pg("22P02", null)).getMessage())
        .isEqualTo("a value is not acceptable: invalid input syntax");
  }

  @Test
  void violatesNamesTheUniqueIndexThatWasHit() {
    assertThat(DatabaseErrors.violates(pg("23505", "agents_username_live"), "agents_username_live")).isTrue();
    assertThat(DatabaseErrors.violates(pg("23505", "talk_participants_unique"), "agents_username_live")).isFalse();
    assertThat(DatabaseErrors.violates(pg("23503", "agents_username_live"), "agents_username_live")).isFalse();
    assertThat(DatabaseErrors.violates(new IllegalStateException(), "agents_username_live")).isFalse();
  }

  private static PgException pg(String sqlState, String constraint) {
    return new PgException("invalid input syntax", "ERROR", sqlState, null, null, null, null, null, null, null, null,
        null, "public", null, null, null, constraint);
  }
}
