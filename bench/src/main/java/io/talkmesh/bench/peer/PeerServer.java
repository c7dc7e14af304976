package io.talkmesh.bench.peer;

import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.measure.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * ejabberd as the bench's side-by-side peer: installed with apt-get when it is missing, configured from
 * {@code bench/peer/} into a private directory (its own config dir and Mnesia spool; {@code /etc/ejabberd} is not
 * edited), storing everything in a fresh database {@code ejabberd_peer_<time>} on the bench's PostgreSQL, started
 * with {@code ejabberdctl start}; users and rooms through the loopback HTTP API. {@link #close()} stops it and drops
 * the database, also from a shutdown hook (failure, Ctrl-C).
 */
public final class PeerServer implements AutoCloseable {
  static final String DOMAIN = "localhost";
  static final String MUC = "conference.localhost";
  static final int C2S_PORT = 5222;
  static final int HTTP_PORT = 5280;
  private static final String CTL = "/usr/sbin/ejabberdctl";

  private final String pgHost;
  private final int pgPort;
  private final String database;
  private final Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Thread hook = new Thread(this::cleanUp, "ejabberd-peer-cleanup");
  private boolean started;
  private boolean databaseCreated;
  private boolean closed;

  private PeerServer(String pgHost, int pgPort, String database, Path dir) {
    this.pgHost = pgHost;
    this.pgPort = pgPort;
    this.database = database;
    this.dir = dir;
  }

  /**
   * Installs (if needed), configures and starts ejabberd on the PostgreSQL at pgHost:pgPort.
   *
   * @return the running server, or null (with one line on the console saying why) when this machine cannot run it
   */
  public static PeerServer start(String pgHost, int pgPort, Path configSource) throws Exception {
    if (!installed()) {
      if (!"root".equals(System.getProperty("user.name"))) {
        Progress.say("peer: ejabberd is not installed and the bench is not root: skipping the ejabberd peer");
        return null;
      }
      Progress.say("peer: ejabberd is missing: apt-get install -y ejabberd erlang-p1-pgsql (about a minute)...");
      if (!apt("install", "-y", "ejabberd", "erlang-p1-pgsql")) {
        Progress.say("peer: install failed; apt-get update and retrying...");
        if (!apt("update") || !apt("install", "-y", "ejabberd", "erlang-p1-pgsql") || !installed()) {
          Progress.say("peer: ejabberd could not be installed on this machine (see bench/results/*/logs/peer-apt.log"
              + " or apt's output above): skipping the ejabberd peer");
          return null;
        }
      }
      Progress.say("peer: installed ejabberd and erlang-p1-pgsql");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      Progress.say("peer: ejabberdctl must run as root (it starts the server as user ejabberd): skipping the ejabberd peer");
      return null;
    }
    if (run(Duration.ofSeconds(20), CTL, "status") == 0) {
      Progress.say("peer: an ejabberd node is already running on this machine: skipping the ejabberd peer");
      return null;
    }
    String tag = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
    Path dir = Files.createTempDirectory("talk-mesh-peer-");
    PeerServer server = new PeerServer(pgHost, pgPort, "ejabberd_peer_" + tag, dir);
    Runtime.getRuntime().addShutdownHook(server.hook);
    try {
      server.configure(configSource);
      server.createDatabase();
      server.startNode();
      return server;
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }

  static boolean installed() {
    return Files.isExecutable(Path.of(CTL)) && Files.isDirectory(Path.of("/usr/lib/erlang/lib")) && hasPgDriver();
  }

  private static boolean hasPgDriver() {
    try (var s = Files.list(Path.of("/usr/lib/erlang/lib"))) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("p1_pgsql"));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean apt(String... args) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of("apt-get", "-q"));
    command.addAll(List.of(args));
    try {
      ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
      b.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process p = b.start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      Progress.say("peer: apt-get: %s", e.getMessage());
      return false;
    }
  }

  public String database() {
    return database;
  }

  /** ejabberd's BEAM VM: {@code beam.smp} of user ejabberd (the first one), or -1. */
  public long beamPid() {
    return CpuSampler.pidsOf("beam.smp", "ejabberd").stream().findFirst().orElse(-1L);
  }

  /** The config dir: bench/peer/ejabberd.yml with this run's database, vm.args, and an ejabberdctl.cfg. */
  private void configure(Path source) throws IOException, InterruptedException {
    String yml = Files.readString(source.resolve("ejabberd.yml"))
        .replace("@SQL_SERVER@", pgHost).replace("@SQL_PORT@", Integer.toString(pgPort))
        .replace("@SQL_DATABASE@", database)
        .replace("@C2S_PORT@", Integer.toString(C2S_PORT)).replace("@HTTP_PORT@", Integer.toString(HTTP_PORT));
    Files.writeString(dir.resolve("ejabberd.yml"), yml);
    Files.copy(source.resolve("vm.args"), dir.resolve("vm.args"));
    Files.copy(source.resolve("ejabberdctl.cfg"), dir.resolve("ejabberdctl.cfg"));
    Files.createDirectories(dir.resolve("spool"));
    Path limits = Path.of("/etc/security/limits.d/ejabberd.conf");
    if (!Files.exists(limits) && Files.isDirectory(limits.getParent())) {
      Files.copy(source.resolve("limits.d-ejabberd.conf"), limits);
      Progress.say("peer: installed %s (open files for 1,000+ sessions; ejabberdctl starts the VM through su)", limits);
    }
    Files.createDirectories(Path.of("/run/ejabberd"));
    run(Duration.ofSeconds(10), "chown", "-R", "ejabberd:ejabberd", dir.toString(), "/run/ejabberd");
    run(Duration.ofSeconds(10), "chmod", "700", dir.toString());
  }

  private void createDatabase() throws SQLException, IOException {
    try (var c = DriverManager.getConnection(adminUrl("postgres")); var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    databaseCreated = true;
    String schema;
    try (InputStream in = Files.newInputStream(Path.of("/usr/share/ejabberd/sql/pg.sql"))) {
      schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (var c = DriverManager.getConnection(adminUrl(database)); var s = c.createStatement()) {
      s.execute(schema);
    }
  }

  private void startNode() throws Exception {
    long t0 = System.nanoTime();
    if (ctl(Duration.ofSeconds(30), "start") != 0) {
      throw new IllegalStateException("ejabberdctl start failed (log: /var/log/ejabberd/ejabberd.log)");
    }
    started = true;
    if (ctl(Duration.ofSeconds(90), "started") != 0) {
      throw new IllegalStateException("ejabberd did not start within 90 s (log: /var/log/ejabberd/ejabberd.log)");
    }
    // the HTTP listener comes up with the node; wait until the API answers
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (api("status", "{}").statusCode() == 200) {
          break;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("ejabberd's HTTP API does not answer on 127.0.0.1:" + HTTP_PORT);
      }
      Thread.sleep(200);
    }
    Progress.say("peer: ejabberd started in %.1f s (pid %d, database %s, config %s)", (System.nanoTime() - t0) / 1e9,
        beamPid(), database, dir);
  }

  /** Registers users {@code <prefix>0..n-1} (password = user name) through the HTTP API, {@code parallel} at a time. */
  public void registerUsers(String prefix, int n, int parallel) throws InterruptedException {
    Semaphore permits = new Semaphore(parallel);
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      permits.acquire();
      String user = prefix + i;
      calls.add(http.sendAsync(post("register", "{\"user\":\"" + user + "\",\"host\":\"" + DOMAIN
              + "\",\"password\":\"" + user + "\"}"), HttpResponse.BodyHandlers.ofString())
          .whenComplete((r, e) -> permits.release()));
    }
    int failed = 0;
    String sample = null;
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      try {
        HttpResponse<String> r = call.join();
        if (r.statusCode() != 200) {
          failed++;
          sample = r.body();
        }
      } catch (RuntimeException e) {
        failed++;
        sample = e.getMessage();
      }
    }
    if (failed > 0) {
      throw new IllegalStateException(failed + " of " + n + " registrations failed, e.g. " + sample);
    }
  }

  /** A persistent MUC room with MAM on (every message archived in PostgreSQL before the room fans it out). */
  public void createRoom(String name) throws IOException, InterruptedException {
    HttpResponse<String> r = api("create_room_with_opts", "{\"name\":\"" + name + "\",\"service\":\"" + MUC
        + "\",\"host\":\"" + DOMAIN + "\",\"options\":[{\"name\":\"persistent\",\"value\":\"true\"},"
        + "{\"name\":\"mam\",\"value\":\"true\"},{\"name\":\"max_users\",\"value\":\"5000\"},"
        + "{\"name\":\"public\",\"value\":\"true\"}]}");
    if (r.statusCode() != 200 || !r.body().trim().equals("0")) {
      throw new IllegalStateException("create_room_with_opts " + name + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }

  /** Rows in the MAM archive of a room (one per message: the proof that each was written to PostgreSQL). */
  public long archivedMessages(String room) {
    try (var c = DriverManager.getConnection(adminUrl(database));
         var s = c.prepareStatement("SELECT count(*) FROM archive WHERE username = ? AND kind = 'groupchat'")) {
      s.setString(1, room + "@" + MUC);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      return -1;
    }
  }

  private HttpResponse<String> api(String command, String json) throws IOException, InterruptedException {
    return http.send(post(command, json), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest post(String command, String json) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + "/api/" + command))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  private String adminUrl(String db) {
    return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + db + "?user=postgres";
  }

  private int ctl(Duration timeout, String... args) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of(CTL, "--config-dir", dir.toString(), "--spool",
        dir.resolve("spool").toString()));
    command.addAll(List.of(args));
    return run(timeout, command.toArray(String[]::new));
  }

  /** Runs a command, its output into a file (ejabberdctl start leaves a daemon behind that may hold a pipe open). */
  private static int run(Duration timeout, String... command) throws InterruptedException {
    Path log = null;
    try {
      log = Files.createTempFile("talk-mesh-peer-cmd-", ".log");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      String out = Files.readString(log, StandardCharsets.ISO_8859_1);
      if (p.exitValue() != 0 && !out.isBlank() && !command[command.length - 1].equals("status")) {
        System.err.print("peer: " + String.join(" ", command) + ": " + out);
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } finally {
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException e) {
          // a temp file
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    cleanUp();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook is running or ran
    }
  }

  private synchronized void cleanUp() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (started) {
        ctl(Duration.ofSeconds(60), "stop");
        ctl(Duration.ofSeconds(60), "stopped");
        long pid = beamPid();
        if (pid > 0) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      if (databaseCreated) {
        try (var c = DriverManager.getConnection(adminUrl("postgres")); var s = c.createStatement()) {
          s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
          System.err.println("peer: could not drop database " + database + ": " + e.getMessage());
        }
      }
      run(Duration.ofSeconds(10), "rm", "-rf", dir.toString());
      Progress.say("peer: ejabberd stopped, database %s dropped", database);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
