package io.talkmesh.bench.mesh;

import io.talkmesh.bench.measure.Progress;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The mesh in production mode: talk-manager, api-gateway, push-service and webhook-service, each its own JVM running
 * its fat jar, configured by environment variables only, joined through the broker. Started in that order, ready when
 * every {@code /health/ready} answers 200 and the admin can log in (talk-manager has migrated and answers).
 */
public final class Mesh implements AutoCloseable {
  public static final String ADMIN_USERNAME = "bench-admin";
  public static final String ADMIN_PASSWORD = "bench-admin-password";
  /** The services {@link #start()} starts, in this order (each {@code <module>/target/<module>.jar}). */
  public static final List<String> SERVICES = List.of("talk-manager", "api-gateway", "push-service", "webhook-service");
  /** The service name (and log file) of the push-service instance {@link #startSecondPush()} starts. */
  public static final String SECOND_PUSH = "push-service-2";

  private final Path root;
  private final Path logDir;
  private final Path jfrDir;
  private final Path jarDir;
  private final Map<String, String> env = new HashMap<>();
  private final Map<String, Process> services = new LinkedHashMap<>();
  private final Map<String, String> heaps;

  /**
   * @param root     the repository root (the jars are {@code <root>/<module>/target/<module>.jar})
   * @param outDir   where logs (and flight recordings) go
   * @param jfr      whether {@link #startRecording()} records the services with Java Flight Recorder
   * @param heaps    {@code -Xmx} per service
   * @param overrides extra {@code TALK_*} variables for the services
   */
  public Mesh(Path root, Path outDir, Infra infra, boolean jfr, Map<String, String> heaps, Map<String, String> overrides)
      throws IOException {
    this.root = root;
    this.logDir = outDir.resolve("logs");
    this.jfrDir = jfr ? outDir.resolve("jfr") : null;
    this.heaps = heaps;
    this.jarDir = outDir.resolve("jars");
    Files.createDirectories(logDir);
    Files.createDirectories(jarDir);
    if (jfrDir != null) {
      Files.createDirectories(jfrDir);
    }
    env.put("TALK_PG_URI", infra.pgUri());
    env.put("TALK_AMQP_URI", infra.amqpUri());
    env.put("TALK_AMQP_PREFIX", infra.prefix());
    env.put("TALK_HTTP_PORT", Integer.toString(freePort()));
    env.put("TALK_WS_PORT", Integer.toString(freePort()));
    env.put("TALK_PUSH_MANAGEMENT_PORT", Integer.toString(freePort()));
    env.put("TALK_ADMIN_USERNAME", ADMIN_USERNAME);
    env.put("TALK_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("TALK_JWT_SECRET", randomSecret());
    env.put("TALK_MANAGER_HTTP_PORT", Integer.toString(freePort()));
    env.put("TALK_GATEWAY_MANAGEMENT_PORT", Integer.toString(freePort()));
    env.put("TALK_WEBHOOK_MANAGEMENT_PORT", Integer.toString(freePort()));
    // the webhooks scenario's receiver runs in this JVM on loopback, which talk-manager and webhook-service refuse else
    env.put("TALK_WEBHOOK_ALLOWED_TARGETS", "127.0.0.1/32");
    // The benchmark measures throughput, so the per-agent abuse limits are lifted; the access log is quieted.
    env.put("TALK_RATE_SENDS_PER_SECOND", "1000000");
    env.put("TALK_RATE_REACTIONS_PER_SECOND", "1000000");
    env.put("TALK_WS_MAX_SESSIONS_PER_AGENT", "1000000");
    env.put("TALK_WEBHOOK_RATE_PER_SECOND", "1000000");
    env.put("TALK_LOG_LEVELS", "talk.access=WARN");
    env.putAll(overrides);
  }

  public Mesh start() throws Exception {
    for (String module : SERVICES) {
      Path built = root.resolve(module).resolve("target").resolve(module + ".jar");
      if (!Files.exists(built)) {
        throw new IllegalStateException(built + " is missing: build with mvn -q -B -pl bench,webhook-service -am install -DskipTests");
      }
      // a copy, so that a rebuild during the run cannot change the classes under a running service
      Files.copy(built, jarDir.resolve(module + ".jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      launch(module, module, env);
    }
    awaitReady();
    return this;
  }

  /** Starts {@code module}'s jar (copied by {@link #start()}) as the service {@code name}, logging to {@code <name>.log}. */
  private void launch(String module, String name, Map<String, String> environment) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx" + heaps.getOrDefault(module, "512m")));
    command.addAll(List.of("-jar", jarDir.resolve(module + ".jar").toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(logDir.resolve(name + ".log").toFile());
    builder.environment().putAll(environment);
    services.put(name, builder.start());
    Progress.say("started %s (pid %d)", name, services.get(name).pid());
  }

  /** A push-service JVM of this mesh: its process, its public (WebSocket) port and its management port. */
  public record PushInstance(String name, long pid, int wsPort, int managementPort) {
    /** {@code GET /stats} of the instance: sessions, bindings, events consumed, deliveries. */
    public String statsUrl() {
      return "http://127.0.0.1:" + managementPort + "/stats";
    }
  }

  /** The push-service instance {@link #start()} started. */
  public PushInstance push() {
    return new PushInstance("push-service", pid("push-service"), wsPort(),
        Integer.parseInt(env.get("TALK_PUSH_MANAGEMENT_PORT")));
  }

  /**
   * Starts a second push-service JVM (environment and heap of the first, its own WebSocket and management ports) and
   * waits until its {@code /health/ready} answers 200, i.e. its event consumer runs. {@link #stopSecondPush()} or
   * {@link #close()} stops it.
   */
  public PushInstance startSecondPush() throws Exception {
    if (services.containsKey(SECOND_PUSH)) {
      throw new IllegalStateException(SECOND_PUSH + " is already running");
    }
    Map<String, String> own = new HashMap<>(env);
    int ws = freePort();
    int management = freePort();
    own.put("TALK_WS_PORT", Integer.toString(ws));
    own.put("TALK_PUSH_MANAGEMENT_PORT", Integer.toString(management));
    launch("push-service", SECOND_PUSH, own);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (status(client, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ws + "/health/ready"))) != 200) {
      checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(SECOND_PUSH + " did not become ready within 120 s; see " + logDir);
      }
      Thread.sleep(250);
    }
    Progress.say("%s ready: ws://127.0.0.1:%d/v1.0/ws, management port %d", SECOND_PUSH, ws, management);
    return new PushInstance(SECOND_PUSH, services.get(SECOND_PUSH).pid(), ws, management);
  }

  /** Stops the second push-service instance gracefully (no-op when it is not running). */
  public void stopSecondPush() {
    Process p = services.remove(SECOND_PUSH);
    if (p != null) {
      stop(p);
      Progress.say("stopped %s", SECOND_PUSH);
    }
  }

  public String httpBase() {
    return "http://127.0.0.1:" + env.get("TALK_HTTP_PORT");
  }

  public int httpPort() {
    return Integer.parseInt(env.get("TALK_HTTP_PORT"));
  }

  public int wsPort() {
    return Integer.parseInt(env.get("TALK_WS_PORT"));
  }

  /** webhook-service's management port: {@code /health/ready}, {@code /metrics}, {@code /stats}. */
  public int webhookManagementPort() {
    return Integer.parseInt(env.get("TALK_WEBHOOK_MANAGEMENT_PORT"));
  }

  public String jwtSecret() {
    return env.get("TALK_JWT_SECRET");
  }

  public Map<String, String> env() {
    return Map.copyOf(env);
  }

  public long pid(String module) {
    return services.get(module).pid();
  }

  /**
   * Starts a flight recording (profile settings) in every service, so that it covers the measured phases and not
   * the set-up (agent creation is bcrypt, which would drown everything else). No-op without {@code --jfr}.
   */
  public void startRecording() {
    if (jfrDir != null) {
      services.forEach((module, p) -> jcmd(p.pid(), "JFR.start", "name=bench", "settings=profile"));
    }
  }

  /** Stops the recordings and returns their files, by service; empty without {@code --jfr}. */
  public Map<String, Path> stopRecording() {
    Map<String, Path> files = new LinkedHashMap<>();
    if (jfrDir != null) {
      services.forEach((module, p) -> {
        Path file = jfrDir.resolve(module + ".jfr");
        jcmd(p.pid(), "JFR.stop", "name=bench", "filename=" + file);
        if (Files.exists(file)) {
          files.put(module, file);
        }
      });
    }
    return files;
  }

  private static void jcmd(long pid, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid)));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(120, TimeUnit.SECONDS);
    } catch (IOException e) {
      Progress.say("jcmd %s failed: %s", String.join(" ", args), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Fails fast when a service died: its log is the place to look. */
  public void checkAlive() {
    services.forEach((module, p) -> {
      if (!p.isAlive()) {
        throw new IllegalStateException(module + " exited (code " + p.exitValue() + "); see " + logDir.resolve(module + ".log"));
      }
    });
  }

  private void awaitReady() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    List<String> probes = List.of(httpBase() + "/health/ready", "http://127.0.0.1:" + wsPort() + "/health/ready",
        "http://127.0.0.1:" + webhookManagementPort() + "/health/ready");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      checkAlive();
      // gateway, push and webhook are ready when their broker connection is; talk-manager when it answers the admin's login
      if (probes.stream().allMatch(url -> status(client, HttpRequest.newBuilder(URI.create(url))) == 200)
          && status(client, HttpRequest.newBuilder(URI.create(httpBase() + "/v1.0/auth/login")).POST(
              HttpRequest.BodyPublishers.ofString("{\"username\":\"" + ADMIN_USERNAME + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}"))) == 200) {
        Progress.say("mesh ready: %s (HTTP), ws://127.0.0.1:%d/v1.0/ws", httpBase(), wsPort());
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the mesh did not become ready within 180 s; see " + logDir);
  }

  private static int status(HttpClient client, HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** SIGTERM in reverse start order (each service shuts down gracefully), then SIGKILL after 30 s. */
  @Override
  public void close() {
    List<Process> reversed = new ArrayList<>(services.values());
    java.util.Collections.reverse(reversed);
    reversed.forEach(Mesh::stop);
  }

  private static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  public static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[36];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
