package io.talkmesh.devstack;

import io.talkmesh.devstack.infra.EmbeddedBroker;
import io.talkmesh.devstack.infra.EmbeddedDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.RabbitMQContainer;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one test fixture that decides where tests get PostgreSQL and AMQP (DESIGN.md, "Test infrastructure"):
 * <ul>
 *   <li>system property {@code talk.test.infra=containers} → Testcontainers ({@code postgres:17}, {@code rabbitmq:4});</li>
 *   <li>env {@code TALK_TEST_PG_URI} / {@code TALK_TEST_AMQP_URI} → the real servers they name
 *       (each one independently; the other one, if unset, is embedded);</li>
 *   <li>otherwise → embedded PostgreSQL (zonky) and an embedded AMQP 0-9-1 broker (Qpid Broker-J).</li>
 * </ul>
 * JVM-wide singleton, started lazily on the first {@link #get()}, stopped by a shutdown hook. Each test
 * takes its own database ({@link #newDatabase()}) and its own {@code TALK_AMQP_PREFIX} ({@link #newPrefix()}).
 */
public final class TestInfra {

  public static final String PG_URI_ENV = "TALK_TEST_PG_URI";
  public static final String AMQP_URI_ENV = "TALK_TEST_AMQP_URI";
  public static final String MODE_PROPERTY = "talk.test.infra";

  private static final Logger LOG = LoggerFactory.getLogger(TestInfra.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static TestInfra instance;

  private final String mode;
  /** Server URI, vert.x form: postgresql://user[:password]@host:port/adminDatabase[?query]. */
  private final URI pgServer;
  private final String amqpUri;
  private final boolean dropDatabasesOnExit;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<String> createdDatabases = Collections.synchronizedList(new ArrayList<>());

  /** The fixture, started on first use. */
  public static synchronized TestInfra get() {
    if (instance == null) {
      instance = new TestInfra();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown, "talk-test-infra-shutdown"));
    }
    return instance;
  }

  private TestInfra() {
    String pgEnv = blankToNull(System.getenv(PG_URI_ENV));
    String amqpEnv = blankToNull(System.getenv(AMQP_URI_ENV));
    boolean ok = false;
    try {
      if ("containers".equalsIgnoreCase(System.getProperty(MODE_PROPERTY, "").trim())) {
        mode = "containers";
        dropDatabasesOnExit = false;
        if (!DockerClientFactory.instance().isDockerAvailable()) {
          throw new IllegalStateException("-D" + MODE_PROPERTY + "=containers needs a Docker engine and none was found;"
              + " drop that property to use embedded PostgreSQL/Qpid, or set " + PG_URI_ENV + "/" + AMQP_URI_ENV);
        }
        PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:17")
            .withUsername("postgres").withPassword("postgres").withDatabaseName("postgres");
        resources.add(pg);
        pg.start();
        pgServer = URI.create("postgresql://postgres:postgres@" + pg.getHost() + ":"
            + pg.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/postgres");
        RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:4");
        resources.add(rabbit);
        rabbit.start();
        amqpUri = "amqp://" + rabbit.getAdminUsername() + ":" + rabbit.getAdminPassword() + "@"
            + rabbit.getHost() + ":" + rabbit.getAmqpPort();
      } else {
        mode = pgEnv != null || amqpEnv != null ? "external" : "embedded";
        if (pgEnv != null) {
          pgServer = URI.create(pgEnv);
          dropDatabasesOnExit = true;
        } else {
          EmbeddedDatabase db = EmbeddedDatabase.start();
          resources.add(db);
          pgServer = URI.create(db.uri());
          dropDatabasesOnExit = false;
        }
        if (amqpEnv != null) {
          amqpUri = amqpEnv;
        } else {
          EmbeddedBroker broker = EmbeddedBroker.start(0);
          resources.add(broker);
          amqpUri = broker.uri();
        }
      }
      ok = true;
      LOG.info("test infrastructure: mode={} postgres={} amqp={}", mode, pgUri(adminDatabase()), amqpUri);
    } finally {
      if (!ok) {
        closeResources();
      }
    }
  }

  /** "external" (at least one of TALK_TEST_PG_URI / TALK_TEST_AMQP_URI set), "embedded" or "containers". */
  public String mode() {
    return mode;
  }

  /** {@code postgresql://user@host:port/<database>} — the form PgConnectOptions.fromUri accepts. */
  public String pgUri(String database) {
    StringBuilder sb = new StringBuilder(pgServer.getScheme()).append("://");
    if (pgServer.getRawUserInfo() != null) {
      sb.append(pgServer.getRawUserInfo()).append('@');
    }
    sb.append(pgServer.getHost());
    if (pgServer.getPort() > 0) {
      sb.append(':').append(pgServer.getPort());
    }
    sb.append('/').append(database);
    if (pgServer.getRawQuery() != null) {
      sb.append('?').append(pgServer.getRawQuery());
    }
    return sb.toString();
  }

  /** {@code jdbc:postgresql://host:port/<database>?user=..[&password=..]}. */
  public String jdbcUrl(String database) {
    StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(pgServer.getHost());
    if (pgServer.getPort() > 0) {
      sb.append(':').append(pgServer.getPort());
    }
    sb.append('/').append(database).append("?connectTimeout=10&socketTimeout=60");
    String userInfo = pgServer.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      sb.append("&user=").append(java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8));
      if (colon >= 0) {
        sb.append("&password=").append(java.net.URLEncoder.encode(userInfo.substring(colon + 1),
            java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }

  /** Creates a fresh, empty database {@code talk_t_<random>} and returns its {@link #pgUri(String) URI}. */
  public String newDatabase() {
    String name = "talk_t_" + randomLowercase(12);
    try (Connection c = DriverManager.getConnection(jdbcUrl(adminDatabase()));
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + " on " + pgUri(adminDatabase()), e);
    }
    createdDatabases.add(name);
    return pgUri(name);
  }

  /** The AMQP URI, {@code amqp://user:password@host:port} (virtual host "/"). */
  public String amqpUri() {
    return amqpUri;
  }

  /** A fresh {@code TALK_AMQP_PREFIX}: {@code t<8 random lowercase letters>.}. */
  public String newPrefix() {
    return "t" + randomLowercase(8) + ".";
  }

  private String adminDatabase() {
    String path = pgServer.getPath();
    return path == null || path.length() <= 1 ? "postgres" : path.substring(1);
  }

  private static String randomLowercase(int n) {
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) {
      chars[i] = (char) ('a' + RANDOM.nextInt(26));
    }
    return new String(chars);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private void shutdown() {
    if (dropDatabasesOnExit) {
      // a real, shared server: don't leave test databases behind (best effort; FORCE needs PostgreSQL 13+)
      List<String> names;
      synchronized (createdDatabases) {
        names = new ArrayList<>(createdDatabases);
      }
      if (!names.isEmpty()) {
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
    closeResources();
  }

  private void closeResources() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", resources.get(i), e);
      }
    }
    resources.clear();
  }
}
