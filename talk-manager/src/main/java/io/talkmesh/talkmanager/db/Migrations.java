package io.talkmesh.talkmanager.db;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the database when missing and applies the Flyway migrations. Blocking: run it off the event loop. */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  /**
   * With several servers in the URI, pgjdbc connects to the primary ({@code targetServerType=primary}): a standby
   * cannot be migrated, and the database is created on the primary only (the standby replays it).
   */
  public static void run(String pgUri) {
    DatabaseServers servers = DatabaseServers.parse(pgUri);
    PgConnectOptions options = servers.servers().get(0);
    createDatabaseIfMissing(servers, options);
    org.flywaydb.core.api.output.MigrateResult result = Flyway.configure()
        .dataSource(servers.jdbcUrl(options.getDatabase()), options.getUser(), options.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    if (result.migrationsExecuted > 0) {
      LOG.info("database {}: {} migration(s) applied, schema version {}", options.getDatabase(),
          result.migrationsExecuted, result.targetSchemaVersion);
    } else {
      LOG.debug("database {} is at schema version {}", options.getDatabase(), result.initialSchemaVersion);
    }
  }

  private static void createDatabaseIfMissing(DatabaseServers servers, PgConnectOptions options) {
    String database = options.getDatabase();
    if (!database.matches("[A-Za-z0-9_]+")) {
      return;
    }
    try (Connection c = DriverManager.getConnection(servers.jdbcUrl("postgres"), options.getUser(), options.getPassword());
         PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      if (exists.executeQuery().next()) {
        return;
      }
      try (Statement create = c.createStatement()) {
        create.execute("CREATE DATABASE " + database);
        LOG.info("created database {}", database);
      }
    } catch (SQLException e) {
      if (!"42P04".equals(e.getSQLState())) {
        LOG.warn("could not check or create database {}: {}", database, e.getMessage());
      }
    }
  }
}
