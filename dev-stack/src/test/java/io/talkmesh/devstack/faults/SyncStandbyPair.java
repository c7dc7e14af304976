package io.talkmesh.devstack.faults;

import io.talkmesh.devstack.testing.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL 15 primary and its synchronous streaming standby on ports of their own, as ordinary processes beside
 * the machine's server (never instead of it), started and removed by the project's cluster-infra reference scripts
 * ({@code pg-up.sh}, {@code pg-down.sh} in {@code ../shared/reference/cluster-infra} beside the checkout). The
 * scripts name their folder with the placeholder {@code this folder} and fix the ports to 5441/5442, so they run from
 * a scratch copy with the placeholder, and the ports replaced by free ones (two runs cannot collide). The fault is
 * {@code pg-failover.sh}'s: kill -9 of the primary's postmaster, wait until it is gone (or a zombie), then
 * {@code pg_ctl promote} the standby.
 */
final class SyncStandbyPair implements AutoCloseable {
  static final Path PGBIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final List<String> SCRIPTS = List.of("pg-env.sh", "pg-up.sh", "pg-down.sh");
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);

  final int primaryPort;
  final int standbyPort;
  private final Path scripts;
  private final Path data;

  /** When and how the primary went away and the standby took over, as {@link System#nanoTime()} values. */
  record Failover(long killedAt, long goneAt, long promotedAt, long pid) {
    long goneMs() {
      return TimeUnit.NANOSECONDS.toMillis(goneAt - killedAt);
    }

    long promotedMs() {
      return TimeUnit.NANOSECONDS.toMillis(promotedAt - killedAt);
    }
  }

  private SyncStandbyPair(Path scripts, Path data, int primaryPort, int standbyPort) {
    this.scripts = scripts;
    this.data = data;
    this.primaryPort = primaryPort;
    this.standbyPort = standbyPort;
  }

  /** Why the pair cannot run here, or null when it can (PostgreSQL 15's binaries and the reference scripts exist). */
  static String unavailable() {
    if (!Files.isDirectory(PGBIN)) {
      return PGBIN + " is absent (Debian's postgresql-15 package): the primary + synchronous standby test needs it";
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return "it runs as " + System.getProperty("user.name") + ", and the scripts start the servers as the postgres"
          + " user with runuser, which needs root";
    }
    if (reference() == null) {
      return "the cluster-infra scripts (pg-up.sh, pg-down.sh) are neither in TALK_CLUSTER_INFRA nor in"
          + " ../shared/reference/cluster-infra beside the checkout";
    }
    return null;
  }

  /** The reference folder: {@code TALK_CLUSTER_INFRA}, else {@code ../shared/reference/cluster-infra} of an ancestor. */
  private static Path reference() {
    String configured = System.getenv("TALK_CLUSTER_INFRA");
    if (configured != null && !configured.isBlank()) {
      return Files.isRegularFile(Path.of(configured, "pg-up.sh")) ? Path.of(configured) : null;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("reference/cluster-infra");
      if (dir.getParent() != null && Files.isRegularFile(candidate.resolve("pg-up.sh"))) {
        return candidate;
      }
    }
    return null;
  }

  /** Runs pg-up.sh: primary initialised, standby from pg_basebackup -R, then made synchronous. */
  static SyncStandbyPair start() throws Exception {
    int primary = Ports.free();
    int standby = Ports.free();
    Path scripts = Files.createTempDirectory("talk-pg-ha-scripts");
    for (String name : SCRIPTS) {
      String text = Files.readString(reference().resolve(name), StandardCharsets.UTF_8)
          .replace("this folder", scripts.toString())
          .replace("5441", Integer.toString(primary))
          .replace("5442", Integer.toString(standby));
      Files.writeString(scripts.resolve(name), text, StandardCharsets.UTF_8);
    }
    Path data = Path.of("/var/tmp", "talk-pg-ha-it-" + ProcessHandle.current().pid() + "-" + primary);
    SyncStandbyPair pair = new SyncStandbyPair(scripts, data, primary, standby);
    try {
      pair.script("pg-up.sh");
    } catch (Exception | AssertionError e) {
      pair.close();
      throw e;
    }
    return pair;
  }

  /** TALK_PG_URI for {@code database} with the standby listed first: a client that writes to it fails at once. */
  String uri(String database) {
    return "postgresql://postgres@127.0.0.1:" + standbyPort + ",127.0.0.1:" + primaryPort + "/" + database;
  }

  /** JDBC URL of {@code database} on one of the two servers. */
  static String jdbcUrl(int port, String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres&connectTimeout=5";
  }

  /** {@code application_name|state|sync_state} of every standby the primary streams to. */
  List<String> replication() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl(primaryPort, "postgres"));
         Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT application_name, state, sync_state FROM pg_stat_replication")) {
      while (r.next()) {
        rows.add(r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3));
      }
    }
    return rows;
  }

  /** Whether the server on {@code port} is in recovery (a standby). */
  static boolean inRecovery(int port) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl(port, "postgres"));
         Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT pg_is_in_recovery()")) {
      r.next();
      return r.getBoolean(1);
    }
  }

  /** kill -9 of the primary's postmaster; as soon as it is gone or a zombie, {@code pg_ctl promote} of the standby. */
  Failover killPrimaryAndPromote() throws Exception {
    long pid = Long.parseLong(Files.readAllLines(data.resolve("primary/postmaster.pid")).get(0).trim());
    long killedAt = System.nanoTime();
    run(List.of("kill", "-9", Long.toString(pid)), Duration.ofSeconds(5));
    long deadline = killedAt + TimeUnit.SECONDS.toNanos(30);
    while (alive(pid)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("primary postmaster " + pid + " still alive 30 s after kill -9");
      }
      Thread.sleep(5);
    }
    long goneAt = System.nanoTime();
    run(List.of("runuser", "-u", "postgres", "--", PGBIN.resolve("pg_ctl").toString(), "-D",
        data.resolve("replica").toString(), "-w", "-t", "60", "promote"), Duration.ofSeconds(70));
    return new Failover(killedAt, goneAt, System.nanoTime(), pid);
  }

  /** Alive and not a zombie ({@code kill -0} succeeds on a zombie; its /proc state says Z). */
  private static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private void script(String name) throws Exception {
    run(List.of("sh", scripts.resolve(name).toString()), SCRIPT_TIMEOUT);
  }

  private void run(List<String> command, Duration timeout) throws Exception {
    Path log = Files.createTempFile(scripts, "run", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("PG_HA_DIR", data.toString());
      Process process = builder.start();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (!finished || process.exitValue() != 0) {
        throw new AssertionError(command + (finished ? " exited " + process.exitValue() : " did not finish within "
            + timeout) + ":\n" + output);
      }
      output.lines().forEach(line -> System.out.println("[pg-ha] " + line));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** pg-down.sh: stops both servers (only processes of this data folder) and removes the folder; then the copies. */
  @Override
  public void close() throws Exception {
    try {
      script("pg-down.sh");
    } finally {
      for (String name : SCRIPTS) {
        Files.deleteIfExists(scripts.resolve(name));
      }
      Files.deleteIfExists(scripts);
    }
  }
}
