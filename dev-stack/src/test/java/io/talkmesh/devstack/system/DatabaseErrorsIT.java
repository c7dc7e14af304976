package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.devstack.TestInfra;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.DatabaseErrors;
import io.talkmesh.talkmanager.db.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.net.ServerSocket;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wire error of real failures of the real database and of vertx-sql-client's pool, as talk-manager answers them
 * ({@link DatabaseErrors}): what the unit test builds by hand, proven to be what the client really raises.
 */
class DatabaseErrorsIT {
  private static Vertx vertx;
  private static String uri;
  private static Pool pool;

  @BeforeAll
  static void migrate() {
    vertx = Vertx.vertx();
    uri = TestInfra.get().newDatabase();
    Migrations.run(uri);
    pool = Database.pool(vertx, uri, 4, "database-errors-it");
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aTakenUsernameViolatesTheLiveUsernameIndexAndIsAlreadyExists() throws Exception {
    UUID customer = UUID.randomUUID();
    pool.preparedQuery("INSERT INTO customers (id, tm_create, tm_update) VALUES ($1, now(), now())").execute(Tuple.of(customer))
        .await(10, TimeUnit.SECONDS);
    String username = "taken-" + UUID.randomUUID();
    insertAgent(customer, username).await(10, TimeUnit.SECONDS);

    Throwable again = failureOf(insertAgent(customer, username));
    assertThat(DatabaseErrors.violates(again, "agents_username_live")).as("%s", again).isTrue();
    assertError(again, Status.ALREADY_EXISTS, "DUPLICATE");
  }

  @Test
  void aMissingReferenceIsReferenceNotFound() throws Exception {
    assertError(failureOf(pool.preparedQuery("INSERT INTO agents (id, customer_id, username, password_hash, permission,"
        + " tm_create, tm_update) VALUES ($1, $2, $3, '', 1, now(), now())")
        .execute(Tuple.of(UUID.randomUUID(), UUID.randomUUID(), "orphan-" + UUID.randomUUID()))),
        Status.NOT_FOUND, "REFERENCE_NOT_FOUND");
  }

  @Test
  void aValueOfTheWrongShapeIsInvalidValue() throws Exception {
    assertError(failureOf(pool.preparedQuery("SELECT $1::text::uuid").execute(Tuple.of("not-a-uuid"))),
        Status.INVALID_ARGUMENT, "INVALID_VALUE");
  }

  @Test
  void aRefusedConnectionIsDatabaseUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI real = URI.create(uri);
    String refused = real.getScheme() + "://" + (real.getRawUserInfo() == null ? "" : real.getRawUserInfo() + "@")
        + "127.0.0.1:" + closedPort + real.getRawPath();
    Pool nowhere = Database.pool(vertx, refused, 1, "database-errors-it-refused");
    try {
      assertError(failureOf(nowhere.query("SELECT 1").execute()), Status.UNAVAILABLE, "DATABASE_UNAVAILABLE");
    } finally {
      nowhere.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aConnectionTheServerEndsIsDatabaseUnavailableForItsCommandAndTheNext() throws Exception {
    SqlConnection doomed = pool.getConnection().await(10, TimeUnit.SECONDS);
    int pid = doomed.query("SELECT pg_backend_pid() AS pid").execute().await(10, TimeUnit.SECONDS)
        .iterator().next().getInteger("pid");
    Future<?> inFlight = doomed.query("SELECT pg_sleep(30)").execute();
    pool.preparedQuery("SELECT pg_terminate_backend($1)").execute(Tuple.of(pid)).await(10, TimeUnit.SECONDS);

    assertError(failureOf(inFlight), Status.UNAVAILABLE, "DATABASE_UNAVAILABLE");
    assertError(failureOf(doomed.query("SELECT 1").execute()), Status.UNAVAILABLE, "DATABASE_UNAVAILABLE");
    doomed.close();
  }

  @Test
  void aFullWaitQueueIsDatabaseBusyAtOnce() throws Exception {
    Pool one = Database.pool(vertx, uri, 1, "database-errors-it-busy");
    try {
      SqlConnection held = one.getConnection().await(10, TimeUnit.SECONDS);
      List<Future<SqlConnection>> waiting = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        waiting.add(one.getConnection().onSuccess(SqlConnection::close));
      }
      // one connection in use and a full wait queue: the last asks are refused without waiting
      assertError(failureOf(waiting.get(waiting.size() - 1)), Status.UNAVAILABLE, "DATABASE_BUSY");
      held.close().await(10, TimeUnit.SECONDS);
      Future.join(new ArrayList<>(waiting)).otherwiseEmpty().await(30, TimeUnit.SECONDS);
    } finally {
      one.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static Future<?> insertAgent(UUID customer, String username) {
    return pool.preparedQuery("INSERT INTO agents (id, customer_id, username, password_hash, permission, tm_create,"
        + " tm_update) VALUES ($1, $2, $3, '', 1, $4, $4)")
        .execute(Tuple.of(UUID.randomUUID(), customer, username, OffsetDateTime.now()));
  }

  private static Throwable failureOf(Future<?> future) throws Exception {
    Throwable failure = future.<Throwable>map(v -> null).otherwise(err -> err).await(20, TimeUnit.SECONDS);
    assertThat(failure).as("the call failed").isNotNull();
    return failure;
  }

  private static void assertError(Throwable failure, Status status, String reason) {
    TalkException error = DatabaseErrors.toTalk(failure);
    assertThat(error.status() + " " + error.reason()).as("the wire error of %s", failure)
        .isEqualTo(status + " " + reason);
  }
}
