package io.talkmesh.bench.mesh;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.talkmesh.devstack.infra.EmbeddedBroker;
import io.talkmesh.testinfra.EmbeddedDatabase;
import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where this run's PostgreSQL and broker are: the machine's real servers (a fresh database and a fresh
 * {@code TALK_AMQP_PREFIX}, both removed at the end) or, with {@code --embedded}, dev-stack's embedded ones.
 */
public final class Infra implements AutoCloseable {
  private final String pgHost;
  private final int pgPort;
  private final String database;
  private final String amqpUri;
  private final String prefix;
  private final boolean embedded;
  private final List<AutoCloseable> owned = new ArrayList<>();

  private Infra(String pgHost, int pgPort, String database, String amqpUri, String prefix, boolean embedded) {
    this.pgHost = pgHost;
    this.pgPort = pgPort;
    this.database = database;
    this.amqpUri = amqpUri;
    this.prefix = prefix;
    this.embedded = embedded;
  }

  /** Real servers: {@code TALK_PG_URI}'s host/port (default 127.0.0.1:5432) and {@code TALK_AMQP_URI} (default local guest). */
  public static Infra real(Map<String, String> env) {
    String tag = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
    URI pg = URI.create(env.getOrDefault("TALK_PG_URI", "postgresql://postgres@127.0.0.1:5432/talk"));
    return new Infra(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort(), "talk_bench_" + tag,
        env.getOrDefault("TALK_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672"), "bench-" + tag + ".", false);
  }

  public static Infra startEmbedded() {
    EmbeddedDatabase db = EmbeddedDatabase.start();
    EmbeddedBroker broker;
    try {
      broker = EmbeddedBroker.start(0);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    Infra infra = new Infra("127.0.0.1", db.port(), "talk_bench", broker.uri(), "bench.", true);
    infra.owned.add(db);
    infra.owned.add(broker);
    return infra;
  }

  /** The URI talk-manager gets ({@code TALK_PG_URI}); it creates the database and migrates it. */
  public String pgUri() {
    return "postgresql://postgres@" + pgHost + ":" + pgPort + "/" + database;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database + "?user=postgres";
  }

  public String pgHost() {
    return pgHost;
  }

  public int pgPort() {
    return pgPort;
  }

  public String database() {
    return database;
  }

  public String amqpUri() {
    return amqpUri;
  }

  public String prefix() {
    return prefix;
  }

  /** A plain AMQP connection (the RabbitMQ Java client) for baselines and clean-up. */
  public Connection amqpConnection(String name) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(amqpUri);
    return factory.newConnection(name);
  }

  /** The broker's product and version, from the connection's server properties. */
  public String brokerVersion() {
    try (Connection c = amqpConnection("bench-version")) {
      Map<String, Object> props = c.getServerProperties();
      return props.get("product") + " " + props.get("version");
    } catch (Exception e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  public String postgresVersion() {
    try (var c = DriverManager.getConnection(jdbcUrl()); var s = c.createStatement();
         var rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return "PostgreSQL " + rs.getString(1);
    } catch (SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (!embedded) {
      dropDatabase();
      deleteTopology();
    }
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        System.err.println("could not stop " + owned.get(i) + ": " + e);
      }
    }
  }

  private void dropDatabase() {
    String admin = "jdbc:postgresql://" + pgHost + ":" + pgPort + "/postgres?user=postgres";
    try (var c = DriverManager.getConnection(admin); var s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("could not drop database " + database + ": " + e.getMessage());
    }
  }

  /** Durable names this run's prefix created on the shared broker (server-named queues went with their connections). */
  private void deleteTopology() {
    try (Connection c = amqpConnection("bench-cleanup"); Channel ch = c.createChannel()) {
      ch.queueDelete(prefix + "talk-manager.request");
      ch.exchangeDelete(prefix + "talk-manager.event");
      ch.queueDelete(prefix + "bench.echo");
    } catch (Exception e) {
      System.err.println("could not delete broker topology of " + prefix + ": " + e.getMessage());
    }
  }
}
