package io.talkmesh.testinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL server (zonky binaries, PostgreSQL 17) with its data directory in a temp dir,
 * removed on {@link #close()}.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final int port;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.port = postgres.getPort();
  }

  /** Starts a server on a free port. */
  public static EmbeddedDatabase start() {
    return start(0);
  }

  /** Starts a server on {@code port} (0 = a free port). */
  public static EmbeddedDatabase start(int port) {
    InfraLogging.warnUnlessConfigured("io.zonky"); // initdb/postgres output is relayed at INFO
    Path dataDir = null;
    try {
      dataDir = Files.createTempDirectory("talk-pg-");
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(true)
          .setRegisterShutdownHook(true)
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "300")
          .setServerConfig("timezone", "UTC");
      if (port > 0) {
        builder.setPort(port);
      }
      return new EmbeddedDatabase(builder.start(), dataDir);
    } catch (IOException e) {
      InfraFiles.deleteQuietly(dataDir);
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }

  public int port() {
    return port;
  }

  /** The server's {@code postgres} database, in the URI form {@code PgConnectOptions.fromUri} accepts. */
  public String uri() {
    return uri("postgres");
  }

  /** {@code postgresql://postgres@127.0.0.1:<port>/<database>}. */
  public String uri(String database) {
    return "postgresql://postgres@127.0.0.1:" + port + "/" + database;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>?user=postgres}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException | UncheckedIOException e) {
      // A terminal's Ctrl-C reaches the postgres server too (same process group): it may have stopped already.
      if (java.nio.file.Files.exists(dataDir.resolve("postmaster.pid"))) {
        throw new UncheckedIOException("cannot stop embedded PostgreSQL", e instanceof IOException io ? io
            : ((UncheckedIOException) e).getCause());
      }
    } finally {
      InfraFiles.deleteQuietly(dataDir);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedDatabase[" + uri() + "]";
  }
}
