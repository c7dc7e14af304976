package io.talkmesh.devstack;

import io.talkmesh.devstack.infra.EmbeddedBroker;
import io.talkmesh.testinfra.Names;
import io.talkmesh.testinfra.TestPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.RabbitMQContainer;

import java.net.URI;
import java.util.ArrayList;
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
 * The PostgreSQL side is test-infra's {@link TestPostgres}, the one talk-manager's own tests use too.
 */
public final class TestInfra {

  public static final String PG_URI_ENV = TestPostgres.URI_ENV;
  public static final String AMQP_URI_ENV = "TALK_TEST_AMQP_URI";
  public static final String MODE_PROPERTY = "talk.test.infra";

  private static final Logger LOG = LoggerFactory.getLogger(TestInfra.class);
  private static TestInfra instance;

  private final String mode;
  private boolean embeddedBroker;
  private final TestPostgres postgres;
  private final String amqpUri;
  private final List<AutoCloseable> resources = new ArrayList<>();

  /** The fixture, started on first use. */
  public static synchronized TestInfra get() {
    if (instance == null) {
      instance = new TestInfra();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::closeResources, "talk-test-infra-shutdown"));
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
        if (!DockerClientFactory.instance().isDockerAvailable()) {
          throw new IllegalStateException("-D" + MODE_PROPERTY + "=containers needs a Docker engine and none was found;"
              + " drop that property to use embedded PostgreSQL/Qpid, or set " + PG_URI_ENV + "/" + AMQP_URI_ENV);
        }
        PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:17")
            .withUsername("postgres").withPassword("postgres").withDatabaseName("postgres");
        resources.add(pg);
        pg.start();
        postgres = TestPostgres.at(URI.create("postgresql://postgres:postgres@" + pg.getHost() + ":"
            + pg.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/postgres"));
        RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:4");
        resources.add(rabbit);
        rabbit.start();
        amqpUri = "amqp://" + rabbit.getAdminUsername() + ":" + rabbit.getAdminPassword() + "@"
            + rabbit.getHost() + ":" + rabbit.getAmqpPort();
      } else {
        mode = pgEnv != null || amqpEnv != null ? "external" : "embedded";
        postgres = TestPostgres.shared();
        if (amqpEnv != null) {
          amqpUri = amqpEnv;
        } else {
          EmbeddedBroker broker = EmbeddedBroker.start(0);
          resources.add(broker);
          amqpUri = broker.uri();
          embeddedBroker = true;
        }
      }
      ok = true;
      LOG.info("test infrastructure: mode={} postgres={} amqp={}", mode, postgres.adminUri(), amqpUri);
    } finally {
      if (!ok) {
        closeResources();
      }
    }
  }

  /** "external" (at least one of TALK_TEST_PG_URI / TALK_TEST_AMQP_URI set), "embedded" or "containers". */
  /** Whether the tests' broker is the embedded Qpid Broker-J (which does not dead-letter expired messages). */
  public boolean embeddedBroker() {
    return embeddedBroker;
  }

  public String mode() {
    return mode;
  }

  /** {@code postgresql://user@host:port/<database>} — the form PgConnectOptions.fromUri accepts. */
  public String pgUri(String database) {
    return postgres.pgUri(database);
  }

  /** {@code jdbc:postgresql://host:port/<database>?user=..[&password=..]}. */
  public String jdbcUrl(String database) {
    return postgres.jdbcUrl(database);
  }

  /** Creates a fresh, empty database {@code talk_t_<random>} and returns its {@link #pgUri(String) URI}. */
  public String newDatabase() {
    return postgres.newDatabase();
  }

  /** The AMQP URI, {@code amqp://user:password@host:port} (virtual host "/"). */
  public String amqpUri() {
    return amqpUri;
  }

  /** A fresh {@code TALK_AMQP_PREFIX}: {@code t<8 random lowercase letters>.}. */
  public String newPrefix() {
    return "t" + Names.lowercase(8) + ".";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** The containers or the embedded broker; the shared PostgreSQL closes itself ({@link TestPostgres#shared()}). */
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
