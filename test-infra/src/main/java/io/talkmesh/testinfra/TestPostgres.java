package io.talkmesh.testinfra;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where tests get PostgreSQL (DESIGN.md, "Test infrastructure"): the server {@code TALK_TEST_PG_URI} names, else an
 * embedded one (zonky, PostgreSQL 17). Each test takes its own empty database ({@link #newDatabase()}); the ones made
 * on a real, shared server are dropped again on {@link #close()}.
 */
public final class TestPostgres implements AutoCloseable {
  public static final String URI_ENV = "TALK_TEST_PG_URI";

  private static TestPostgres shared;

  /** Server URI, vert.x form: postgresql://user[:password]@host:port/adminDatabase[?query]. */
  private final URI server;
  private final EmbeddedDatabase embedded;
  private final boolean dropDatabasesOnClose;
  private final List<String> createdDatabases = Collections.synchronizedList(new ArrayList<>());

  private TestPostgres(URI server, EmbeddedDatabase embedded, boolean dropDatabasesOnClose) {
    this.server = server;
    this.embedded = embedded;
    this.dropDatabasesOnClose = dropDatabasesOnClose;
  }

  /** The JVM-wide server, started on first use ({@link #fromEnvironment()}), closed by a shutdown hook. */
  public static synchronized TestPostgres shared() {
    if (shared == null) {
      shared = fromEnvironment();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "talk-test-postgres-shutdown"));
    }
    return shared;
  }

  /** {@code TALK_TEST_PG_URI}'s server when it is set, else a new embedded one. */
  public static TestPostgres fromEnvironment() {
    String uri = System.getenv(URI_ENV);
    if (uri != null && !uri.isBlank()) {
      return new TestPostgres(URI.create(uri.trim()), null, true);
    }
    EmbeddedDatabase db = EmbeddedDatabase.start();
    return new TestPostgres(URI.create(db.uri()), db, false);
  }

  /** A server someone else runs and throws away (a container): its databases are left to it. */
  public static TestPostgres at(URI server) {
    return new TestPostgres(server, null, false);
  }

  /** Whether this is an embedded server (rather than a real one someone else runs). */
  public boolean embedded() {
    return embedded != null;
  }

  /** {@code postgresql://user@host:port/<database>} — the form PgConnectOptions.fromUri accepts. */
  public String pgUri(String database) {
    StringBuilder sb = new StringBuilder(server.getScheme()).append("://");
    if (server.getRawUserInfo() != null) {
      sb.append(server.getRawUserInfo()).append('@');
    }
    sb.append(server.getHost());
    if (server.getPort() > 0) {
      sb.append(':').append(server.getPort());
    }
    sb.append('/').append(database);
    if (server.getRawQuery() != null) {
      sb.append('?').append(server.getRawQuery());
    }
    return sb.toString();
  }

  /** {@code jdbc:postgresql://host:port/<database>?user=..[&password=..]}. */
  public String jdbcUrl(String database) {
    StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(server.getHost());
    if (server.getPort() > 0) {
      sb.append(':').append(server.getPort());
    }
    sb.append('/').append(database).append("?connectTimeout=10&socketTimeout=60");
    String userInfo = server.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      sb.append("&user=").append(URLEncoder.encode(user, StandardCharsets.UTF_8));
      if (colon >= 0) {
        sb.append("&password=").append(URLEncoder.encode(userInfo.substring(colon + 1), StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }

  /** The server's administrative database (the one the URI names, {@code postgres} by default), as a URI. */
  public String adminUri() {
    return pgUri(adminDatabase());
  }

  /** Creates a fresh, empty database {@code talk_t_<random>} and returns its {@link #pgUri(String) URI}. */
  public String newDatabase() {
    String name = "talk_t_" + Names.lowercase(12);
    try (Connection c = DriverManager.getConnection(jdbcUrl(adminDatabase()));
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + " on " + adminUri(), e);
    }
    createdDatabases.add(name);
    return pgUri(name);
  }

  /** Drops the databases made on a real server (best effort), stops an embedded one. */
  @Override
  public void close() {
    if (dropDatabasesOnClose) {
      dropCreatedDatabases();
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  @Override
  public String toString() {
    return "TestPostgres[" + adminUri() + "]";
  }

  private String adminDatabase() {
    String path = server.getPath();
    return path == null || path.length() <= 1 ? "postgres" : path.substring(1);
  }

  private void dropCreatedDatabases() {
    List<String> names;
    synchronized (createdDatabases) {
      names = new ArrayList<>(createdDatabases);
    }
    if (names.isEmpty()) {
      return;
    }
    // a real, shared server: don't leave test databases behind (FORCE needs PostgreSQL 13+)
    try (Connection c = DriverManager.getConnection(jdbcUrl(adminDatabase()));
         Statement s = c.createStatement()) {
      for (String name : names) {
        try {
          s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException ignored) {
          // best effort
        }
      }
    } catch (SQLException ignored) {
      // best effort
    }
  }
}
