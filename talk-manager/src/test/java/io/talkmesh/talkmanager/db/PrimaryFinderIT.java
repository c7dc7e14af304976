package io.talkmesh.talkmanager.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.testinfra.Names;
import io.talkmesh.testinfra.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A TALK_PG_URI that lists several servers, on the test server plus ports nobody listens on: Flyway and every pool
 * connection reach the server that takes writes, whichever place the URI gives it; with none, requests are refused as
 * unavailable. (A real standby in recovery is passed over in dev-stack's DatabaseFailoverIT.)
 */
class PrimaryFinderIT {
  private Vertx vertx;
  private PgConnectOptions real;
  private String userInfo;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    String uri = TestPostgres.shared().newDatabase();
    real = PgConnectOptions.fromUri(uri);
    userInfo = URI.create(uri).getRawUserInfo();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void everyConnectionGoesToTheServerThatTakesWritesWhereverTheUriListsIt() throws Exception {
    String uri = uri(List.of("127.0.0.1:" + deadPort(), real.getHost() + ":" + real.getPort(), "127.0.0.1:" + deadPort()));
    Migrations.run(uri);
    Pool pool = Database.pool(vertx, uri, 4, "primary-finder-" + Names.lowercase(6));
    List<Future<Integer>> writes = new ArrayList<>();
    for (int i = 0; i < 8; i++) { // at once: the pool opens all four connections
      writes.add(pool.query("SELECT inet_server_port() AS port, pg_sleep(0.05), txid_current()").execute()
          .map(rows -> rows.iterator().next().getInteger("port")));
    }
    List<Integer> ports = new ArrayList<>();
    for (Future<Integer> write : writes) {
      ports.add(write.await(20, TimeUnit.SECONDS));
    }
    Row migrated = pool.query("SELECT count(*) AS n FROM flyway_schema_history WHERE success").execute()
        .await(20, TimeUnit.SECONDS).iterator().next();
    assertThat(ports).as("server port of each statement").containsOnly(serverPort(pool));
    assertThat(migrated.getLong("n")).as("migrations applied through the multi-host JDBC URL").isPositive();
    pool.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void withNoServerTakingWritesARequestIsRefusedAsUnavailable() throws Exception {
    String uri = uri(List.of("127.0.0.1:" + deadPort(), "127.0.0.1:" + deadPort()));
    Pool pool = Database.pool(vertx, uri, 2, "primary-finder-" + Names.lowercase(6));
    Throwable failure = pool.query("SELECT 1").execute().transform(Future::succeededFuture)
        .await(20, TimeUnit.SECONDS).cause();
    TalkException refused = DatabaseErrors.toTalk(failure);
    assertThat(refused.status()).as("status for %s", failure).isEqualTo(Status.UNAVAILABLE);
    assertThat(refused.reason()).isEqualTo("DATABASE_UNAVAILABLE");
    assertThat(failure).hasMessageContaining("no primary");
    pool.close().await(10, TimeUnit.SECONDS);
  }

  private String uri(List<String> hosts) {
    return "postgresql://" + (userInfo == null ? "" : userInfo + "@") + String.join(",", hosts) + "/"
        + real.getDatabase();
  }

  /** The port the test server reports for itself (it may listen behind another address than the URI's). */
  private static int serverPort(Pool pool) throws Exception {
    return pool.query("SELECT inet_server_port() AS port").execute().await(20, TimeUnit.SECONDS).iterator().next()
        .getInteger("port");
  }

  private static int deadPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
