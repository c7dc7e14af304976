package io.talkmesh.bench.baseline;

import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.Median;
import io.talkmesh.bench.measure.MeshCpu;
import io.talkmesh.bench.measure.Progress;
import io.talkmesh.bench.mesh.Infra;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL limit, in this run's database with talk-manager's connection count: (a) single-row INSERT + COMMIT
 * into a table shaped like {@code talk_messages}; (b) the send transaction's shape without talk-mesh (lock and bump
 * the chat's event counter, insert the message, insert the event, commit), run {@code repetitions} times (the median
 * is the headline). pgbench when installed, otherwise an equivalent JDBC loop. PostgreSQL's CPU is sampled while the
 * clients are connected (a backend that exits takes its CPU time with it): CPU-ms per transaction.
 */
public final class PgBaseline {
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
  private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
  private static final int CHATS = 64;
  /** The CPU sample ends this long before the clients do, so that every backend is still there to be read. */
  private static final Duration TAIL = Duration.ofSeconds(1);

  private PgBaseline() {
  }

  public static JsonObject run(Infra infra, int connections, Duration duration, int repetitions, Path workDir)
      throws Exception {
    prepare(infra);
    String insert = """
        \\set c random(1, %d)
        INSERT INTO bench_messages (id, customer_id, chat_id, owner_type, owner_id, type, text, tm_create, tm_update)
          VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000001', (SELECT id FROM bench_chats WHERE n = :c),
                  'agent', gen_random_uuid(), 'normal', 'hello from pgbench, a message of ordinary length', now(), now());
        """.formatted(CHATS);
    String sendShaped = """
        \\set c random(1, %d)
        BEGIN;
        UPDATE bench_chats SET event_seq = event_seq + 1 WHERE n = :c RETURNING event_seq;
        INSERT INTO bench_messages (id, customer_id, chat_id, owner_type, owner_id, type, text, tm_create, tm_update)
          VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000001', (SELECT id FROM bench_chats WHERE n = :c),
                  'agent', gen_random_uuid(), 'normal', 'hello from pgbench, a message of ordinary length', now(), now());
        INSERT INTO bench_events (id, chat_id, seq, type, data, tm_create)
          VALUES (gen_random_uuid(), (SELECT id FROM bench_chats WHERE n = :c),
                  (SELECT event_seq FROM bench_chats WHERE n = :c), 'chatmessage_created',
                  '{"text": "hello from pgbench, a message of ordinary length"}', now());
        COMMIT;
        """.formatted(CHATS);
    JsonObject result = new JsonObject().put("connections", connections);
    boolean pgbench = pgbenchAvailable();
    result.put("tool", pgbench ? "pgbench" : "jdbc loop");
    Progress.say("postgres baseline: single-row INSERT+COMMIT, %d connections, %d s (%s)", connections,
        duration.toSeconds(), result.getString("tool"));
    JsonObject single = pgbench ? pgbench(infra, connections, duration, workDir, "insert", insert)
        : jdbcLoop(infra, connections, duration, false);
    Progress.say("postgres INSERT+COMMIT: %,.0f tx/s, %s PostgreSQL CPU-ms per tx", single.getDouble("tx_per_second"),
        postgresMsPerTx(single));
    List<JsonObject> runs = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    List<Double> backends = new ArrayList<>();
    for (int r = 0; r < repetitions; r++) {
      Progress.say("postgres baseline: send-shaped transaction, %d connections, %d s (run %d of %d)", connections,
          duration.toSeconds(), r + 1, repetitions);
      JsonObject run = pgbench ? pgbench(infra, connections, duration, workDir, "send-shaped", sendShaped)
          : jdbcLoop(infra, connections, duration, true);
      Progress.say("postgres send-shaped transaction: %,.0f tx/s, %s PostgreSQL CPU-ms per tx",
          run.getDouble("tx_per_second"), postgresMsPerTx(run));
      runs.add(run);
      rates.add(run.getDouble("tx_per_second"));
      if (postgresMsPerTx(run) != null) {
        cpu.add(postgresMsPerTx(run));
        backends.add(run.getJsonObject("cost").getJsonObject("cpu_ms_per_op").getDouble(MeshCpu.POSTGRES_BACKENDS));
      }
    }
    // the median run stands for the latency; "median" holds the medians of the rate and of the CPU per transaction
    JsonObject shaped = runs.get(Median.indexOfMedian(rates)).copy()
        .put("tx_per_second", Latency.round(Median.of(rates)))
        .put("runs", new JsonArray(new ArrayList<>(runs)))
        .put("median", new JsonObject().put("tx_per_second", Median.summary(rates))
            .put("postgres_cpu_ms_per_tx", Median.summary(cpu))
            .put("postgres_backends_cpu_ms_per_tx", Median.summary(backends)));
    return result.put("insert_commit", single).put("send_shaped", shaped);
  }

  private static Double postgresMsPerTx(JsonObject run) {
    JsonObject cost = run.getJsonObject("cost");
    return cost == null ? null : cost.getJsonObject("cpu_ms_per_op").getDouble(MeshCpu.POSTGRES);
  }

  private static void prepare(Infra infra) throws SQLException {
    try (Connection c = DriverManager.getConnection(infra.jdbcUrl()); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS bench_events, bench_messages, bench_chats");
      s.execute("CREATE TABLE bench_chats (n int PRIMARY KEY, id uuid NOT NULL UNIQUE, event_seq bigint NOT NULL DEFAULT 0)");
      s.execute("INSERT INTO bench_chats (n, id) SELECT g, gen_random_uuid() FROM generate_series(1, " + CHATS + ") g");
      // the columns and indexes of talk_messages and talk_events
      s.execute("""
          CREATE TABLE bench_messages (
            id uuid PRIMARY KEY, customer_id uuid NOT NULL, chat_id uuid NOT NULL, parent_id uuid,
            owner_type text NOT NULL, owner_id uuid NOT NULL, type text NOT NULL, text text NOT NULL DEFAULT '',
            medias jsonb NOT NULL DEFAULT '[]'::jsonb, reactions jsonb NOT NULL DEFAULT '[]'::jsonb,
            tm_create timestamptz NOT NULL, tm_update timestamptz NOT NULL, tm_delete timestamptz)""");
      s.execute("CREATE INDEX ON bench_messages (chat_id, tm_create DESC, id DESC)");
      s.execute("""
          CREATE TABLE bench_events (
            position bigserial PRIMARY KEY, id uuid NOT NULL UNIQUE, chat_id uuid NOT NULL, seq bigint NOT NULL,
            type text NOT NULL, data jsonb NOT NULL, tm_create timestamptz NOT NULL, tm_relayed timestamptz,
            UNIQUE (chat_id, seq))""");
    }
  }

  private static boolean pgbenchAvailable() {
    try {
      Process p = new ProcessBuilder("pgbench", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static JsonObject pgbench(Infra infra, int connections, Duration duration, Path workDir, String name,
                                    String script) throws Exception {
    Path file = workDir.resolve("pgbench-" + name + ".sql");
    Files.writeString(file, script);
    Process p = new ProcessBuilder("pgbench", "-n", "-h", infra.pgHost(), "-p", Integer.toString(infra.pgPort()),
        "-U", "postgres", "-c", Integer.toString(connections), "-j", "2", "-T", Long.toString(duration.toSeconds()),
        "-f", file.toString(), infra.database()).redirectErrorStream(true).start();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes());
      } catch (IOException e) {
        return "";
      }
    });
    JsonObject sample = null;
    if (awaitClients(infra, connections, p)) {
      CpuSampler cpu = MeshCpu.postgresOnly(infra).start();
      Thread.sleep(Math.max(1000, duration.minus(TAIL).toMillis()));
      JsonObject s = cpu.stop();
      sample = p.isAlive() ? s : null;
    }
    String out = output.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
    p.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS);
    Files.writeString(workDir.resolve("pgbench-" + name + ".out"), out);
    Matcher tps = TPS.matcher(out);
    Matcher latency = LATENCY.matcher(out);
    if (!tps.find()) {
      throw new IllegalStateException("pgbench gave no tps:\n" + out);
    }
    double txPerSecond = Double.parseDouble(tps.group(1));
    JsonObject result = new JsonObject().put("tx_per_second", Latency.round(txPerSecond))
        .put("latency_avg_ms", latency.find() ? Double.parseDouble(latency.group(1)) : null);
    if (sample != null) {
      // transactions in the sampled window: pgbench's rate over the window (it runs flat once connected)
      result.put("cost", MeshCpu.cost(sample, Math.round(txPerSecond * sample.getDouble("wall_seconds")), 1));
    }
    return result;
  }

  /** Waits until pgbench's clients all have their backend (application_name pgbench); false if it never happens. */
  private static boolean awaitClients(Infra infra, int connections, Process pgbench) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (Connection c = DriverManager.getConnection(infra.jdbcUrl());
         PreparedStatement count = c.prepareStatement(
             "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND application_name = 'pgbench'")) {
      count.setString(1, infra.database());
      while (System.nanoTime() < deadline && pgbench.isAlive()) {
        try (var rs = count.executeQuery()) {
          rs.next();
          if (rs.getInt(1) >= connections) {
            return true;
          }
        }
        Thread.sleep(50);
      }
    }
    return false;
  }

  /** The same work without pgbench: one thread per connection, autocommit or one transaction per iteration. */
  private static JsonObject jdbcLoop(Infra infra, int connections, Duration duration, boolean sendShaped) throws Exception {
    LongAdder done = new LongAdder();
    CountDownLatch connected = new CountDownLatch(connections);
    long deadline = System.nanoTime() + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < connections; t++) {
      Thread thread = new Thread(() -> {
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl());
             PreparedStatement bump = c.prepareStatement("UPDATE bench_chats SET event_seq = event_seq + 1 WHERE n = ? RETURNING id, event_seq");
             PreparedStatement msg = c.prepareStatement("INSERT INTO bench_messages (id, customer_id, chat_id, owner_type, owner_id, type, text, tm_create, tm_update) VALUES (?, ?, ?, 'agent', ?, 'normal', 'hello from the jdbc loop, a message of ordinary length', ?, ?)");
             PreparedStatement event = c.prepareStatement("INSERT INTO bench_events (id, chat_id, seq, type, data, tm_create) VALUES (?, ?, ?, 'chatmessage_created', '{}'::jsonb, ?)")) {
          c.setAutoCommit(!sendShaped);
          connected.countDown();
          UUID customer = new UUID(0, 1);
          while (System.nanoTime() < deadline) {
            int n = 1 + (int) (Math.random() * CHATS);
            UUID chat = null;
            long seq = 0;
            if (sendShaped) {
              bump.setInt(1, n);
              try (var rs = bump.executeQuery()) {
                rs.next();
                chat = rs.getObject(1, UUID.class);
                seq = rs.getLong(2);
              }
            } else {
              chat = new UUID(1, n);
            }
            Timestamp now = Timestamp.from(Instant.now());
            msg.setObject(1, UUID.randomUUID());
            msg.setObject(2, customer);
            msg.setObject(3, chat);
            msg.setObject(4, UUID.randomUUID());
            msg.setTimestamp(5, now);
            msg.setTimestamp(6, now);
            msg.executeUpdate();
            if (sendShaped) {
              event.setObject(1, UUID.randomUUID());
              event.setObject(2, chat);
              event.setLong(3, seq);
              event.setTimestamp(4, now);
              event.executeUpdate();
              c.commit();
            }
            done.increment();
          }
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      thread.start();
      threads.add(thread);
    }
    JsonObject cost = null;
    if (connected.await(10, TimeUnit.SECONDS)) {
      CpuSampler cpu = MeshCpu.postgresOnly(infra).start();
      long from = done.sum();
      TimeUnit.NANOSECONDS.sleep(deadline - TAIL.toNanos() - System.nanoTime());
      JsonObject sample = cpu.stop();
      cost = MeshCpu.cost(sample, done.sum() - from, 1);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return new JsonObject().put("tx_per_second", Latency.round(done.sum() / (double) duration.toSeconds()))
        .put("cost", cost);
  }
}
