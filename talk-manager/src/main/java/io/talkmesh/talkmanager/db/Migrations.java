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

  public static void run(String pgUri) {
    PgConnectOptions options = PgConnectOptions.fromUri(pgUri);
    createDatabaseIfMissing(options);
    org.flywaydb.core.api.output.MigrateResult result = Flyway.configure()
        .dataSource(jdbcUrl(options, options.getDatabase()), options.getUser(), options.getPassword())
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

  static String jdbcUrl(PgConnectOptions options, String database) {
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + database;
  }

  private static void createDatabaseIfMissing(PgConnectOptions options) {
    String database = options.getDatabase();
    if (!database.matches("[A-Za-z0-9_]+")) {
      return;
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl(options, "postgres"), options.getUser(), options.getPassword());
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
