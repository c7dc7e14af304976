package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.TestInfra;
import io.talkmesh.talkmanager.TalkManagerConfig;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Migrations;
import io.talkmesh.talkmanager.retention.Retention;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The purge of old rows against the real schema: what is past its retention goes, the rest stays. */
class RetentionIT {
  private static final Retention RETENTION = new Retention(72, 24);
  private static Vertx vertx;
  private static Pool pool;
  private static String jdbcUrl;

  @BeforeAll
  static void start() {
    String pgUri = TestInfra.get().newDatabase();
    Migrations.run(pgUri);
    jdbcUrl = TestInfra.get().jdbcUrl(URI.create(pgUri).getPath().substring(1));
    vertx = Vertx.vertx();
    pool = Database.pool(vertx, pgUri, 1, "retention-it");
  }

  @AfterAll
  static void stop() throws Exception {
    pool.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void retentionIsReadFromTheEnvironmentWithTheDocumentedDefaults() {
    assertThat(TalkManagerConfig.from(Map.of()).retention()).isEqualTo(new Retention(72, 24));
    assertThat(TalkManagerConfig.from(Map.of("TALK_EVENT_RETENTION_HOURS", "5", "TALK_IDEMPOTENCY_TTL_HOURS", "6"))
        .retention()).isEqualTo(new Retention(5, 6));
  }

  @Test
  void relayedEventsPastTheRetentionArePurgedAndUnrelayedOnesNever() throws Exception {
    UUID chat = UUID.randomUUID();
    insertEvent(chat, 1, 73, true);
    insertEvent(chat, 2, 73, false);
    insertEvent(chat, 3, 71, true);
    purge();
    assertThat(count("SELECT count(*) FROM talk_events WHERE chat_id = '" + chat + "' AND seq = 1"))
        .as("relayed, older than 72 h").isZero();
    assertThat(count("SELECT count(*) FROM talk_events WHERE chat_id = '" + chat + "' AND seq IN (2, 3)"))
        .as("not relayed yet, and relayed within 72 h").isEqualTo(2);
  }

  @Test
  void storedIdempotentResultsPastTheirTtlArePurged() throws Exception {
    String old = "old-" + UUID.randomUUID();
    String recent = "recent-" + UUID.randomUUID();
    String insert = "INSERT INTO talk_idempotency (scope, response, tm_create) VALUES (?, '{}', now() - interval '%s')";
    execute(insert.formatted("25 hours"), old);
    execute(insert.formatted("23 hours"), recent);
    purge();
    assertThat(count("SELECT count(*) FROM talk_idempotency WHERE scope = '" + old + "'")).as("older than 24 h").isZero();
    assertThat(count("SELECT count(*) FROM talk_idempotency WHERE scope = '" + recent + "'")).as("within 24 h").isOne();
  }

  @Test
  void failedLoginsOlderThanADayArePurged() throws Exception {
    String user = "user-" + UUID.randomUUID();
    String insert = "INSERT INTO talk_login_failures (username, address, tm_create) VALUES (?, '%s', now() - interval '%s')";
    execute(insert.formatted("old", "25 hours"), user);
    execute(insert.formatted("recent", "23 hours"), user);
    purge();
    assertThat(count("SELECT count(*) FROM talk_login_failures WHERE username = '" + user + "' AND address = 'old'"))
        .as("older than a day").isZero();
    assertThat(count("SELECT count(*) FROM talk_login_failures WHERE username = '" + user + "' AND address = 'recent'"))
        .as("within a day").isOne();
  }

  private static void purge() throws Exception {
    Map<Retention.Purge, Integer> deleted = RETENTION.purge(pool).await(30, TimeUnit.SECONDS);
    assertThat(deleted.keySet()).containsExactlyElementsOf(RETENTION.purges());
  }

  private static void insertEvent(UUID chat, long seq, int hoursAgo, boolean relayed) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl);
         PreparedStatement p = c.prepareStatement("INSERT INTO talk_events (id, customer_id, chat_id, seq, type, data,"
             + " tm_create, tm_relayed) VALUES (?, ?, ?, ?, 'message_created', '{}', now() - make_interval(hours => ?),"
             + " CASE WHEN ? THEN now() END)")) {
      p.setObject(1, UUID.randomUUID());
      p.setObject(2, UUID.randomUUID());
      p.setObject(3, chat);
      p.setLong(4, seq);
      p.setInt(5, hoursAgo);
      p.setBoolean(6, relayed);
      p.executeUpdate();
    }
  }

  private static void execute(String sql, String value) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl); PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, value);
      p.executeUpdate();
    }
  }

  private static long count(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl); ResultSet rows = c.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
