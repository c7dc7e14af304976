package io.talkmesh.devstack.launcher;

import io.talkmesh.devstack.infra.EmbeddedBroker;
import io.talkmesh.testinfra.EmbeddedDatabase;
import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./talk-mesh up}: embedded PostgreSQL and AMQP broker (unless TALK_PG_URI / TALK_AMQP_URI name real ones),
 * then one api-gateway, one talk-manager, one push-service and one webhook-service, each its own JVM running its production jar and
 * talking to the others only through the broker. Runs until Ctrl-C, then stops everything in reverse order.
 */
public final class DevStack {
  private final List<AutoCloseable> infra = new ArrayList<>();
  private final List<Process> services = new ArrayList<>();
  private final List<ServiceLog> logs = new ArrayList<>();
  /** Where each service's output goes ({@code ./talk-mesh up} runs from the checkout: its target/ folder). */
  private static final Path LOG_DIR = Path.of("target", "talk-mesh");
  private volatile boolean stopping;

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !args[0].equals("up")) {
      System.err.println("usage: java -jar dev-stack/target/dev-stack.jar up");
      System.exit(2);
    }
    new DevStack().up(System.getenv());
  }

  private void up(Map<String, String> outside) throws Exception {
    // Ctrl-C and SIGTERM stop the services first, then the infrastructure; JVM shutdown hooks alone would run
    // concurrently with the embedded servers' own hooks and pull the broker from under running services.
    for (String name : List.of("INT", "TERM")) {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> new Thread(() -> {
        shutdown();
        System.exit(0);
      }, "talk-mesh-stop").start());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "talk-mesh-shutdown"));
    Map<String, String> env = new HashMap<>(outside);
    env.putIfAbsent("TALK_HTTP_PORT", "8080");
    env.putIfAbsent("TALK_WS_PORT", "8081");
    env.putIfAbsent("TALK_ADMIN_USERNAME", "admin");
    env.putIfAbsent("TALK_ADMIN_PASSWORD", "admin");
    if (blank(env.get("TALK_JWT_SECRET"))) {
      env.put("TALK_JWT_SECRET", randomSecret()); // a fresh signing key per run: tokens of an earlier run stop working
    }
    // Management ports follow the HTTP port (8080 → 8082, 8083, 8084), so a second stack beside the first
    // (18080 → 18082, 18083, 18084) never collides with it.
    int httpPort = Integer.parseInt(env.get("TALK_HTTP_PORT"));
    env.putIfAbsent("TALK_MANAGER_HTTP_PORT", Integer.toString(httpPort + 2));
    env.putIfAbsent("TALK_PUSH_MANAGEMENT_PORT", Integer.toString(httpPort + 3));
    env.putIfAbsent("TALK_GATEWAY_MANAGEMENT_PORT", Integer.toString(httpPort + 4));
    env.putIfAbsent("TALK_WEBHOOK_MANAGEMENT_PORT", Integer.toString(httpPort + 5));
    env.putIfAbsent("TALK_LOG_FORMAT", "text");

    if (blank(env.get("TALK_PG_URI"))) {
      say("starting embedded PostgreSQL...");
      EmbeddedDatabase db = EmbeddedDatabase.start();
      infra.add(db);
      env.put("TALK_PG_URI", db.uri("talk"));
    }
    if (blank(env.get("TALK_AMQP_URI"))) {
      say("starting embedded AMQP 0-9-1 broker (Qpid Broker-J)...");
      EmbeddedBroker broker = EmbeddedBroker.start(0);
      infra.add(broker);
      env.put("TALK_AMQP_URI", broker.uri());
      // Broker-J does not dead-letter expired messages: webhook retries wait in webhook-service instead
      env.putIfAbsent("TALK_WEBHOOK_RETRY_QUEUES", "memory");
    }

    start("talk-manager", env);
    start("api-gateway", env);
    start("push-service", env);
    start("webhook-service", env);

    String http = "http://127.0.0.1:" + env.get("TALK_HTTP_PORT");
    String ws = "ws://127.0.0.1:" + env.get("TALK_WS_PORT") + "/v1.0/ws";
    awaitReady(http, List.of("http://127.0.0.1:" + env.get("TALK_MANAGER_HTTP_PORT") + "/health/ready",
        "http://127.0.0.1:" + env.get("TALK_GATEWAY_MANAGEMENT_PORT") + "/health/ready",
        "http://127.0.0.1:" + env.get("TALK_WS_PORT") + "/health/ready",
        "http://127.0.0.1:" + env.get("TALK_WEBHOOK_MANAGEMENT_PORT") + "/health/ready"), env);

    say("");
    say("talk-mesh is up");
    say("  HTTP API   " + http + "/v1.0");
    say("  WebSocket  " + ws + "?token=<token>");
    say("  admin      " + env.get("TALK_ADMIN_USERNAME") + " / " + env.get("TALK_ADMIN_PASSWORD"));
    say("  console    " + http + "/console");
    say("  metrics    http://127.0.0.1:" + env.get("TALK_GATEWAY_MANAGEMENT_PORT") + "/metrics (api-gateway), http://127.0.0.1:"
        + env.get("TALK_PUSH_MANAGEMENT_PORT") + "/metrics (push-service), http://127.0.0.1:"
        + env.get("TALK_MANAGER_HTTP_PORT") + "/metrics (talk-manager), http://127.0.0.1:"
        + env.get("TALK_WEBHOOK_MANAGEMENT_PORT") + "/metrics (webhook-service)");
    say("  database   " + env.get("TALK_PG_URI"));
    say("  broker     " + env.get("TALK_AMQP_URI").replaceAll("//[^@]*@", "//"));
    say("  logs       " + LOG_DIR.resolve("{talk-manager,api-gateway,push-service,webhook-service}.log")
        + " (their warnings and errors also show here)");
    say("  try: curl -s -X POST " + http + "/v1.0/auth/login -d '{\"username\":\"" + env.get("TALK_ADMIN_USERNAME")
        + "\",\"password\":\"" + env.get("TALK_ADMIN_PASSWORD") + "\"}'");
    say("Ctrl-C stops everything.");
    logs.forEach(ServiceLog::echo);

    for (Process p : List.copyOf(services)) {
      p.waitFor();
      if (!stopping) {
        ServiceLog log = logs.get(services.indexOf(p));
        say("a service exited (code " + p.exitValue() + "); stopping talk-mesh. The end of " + log.file() + ":");
        log.last().forEach(line -> System.out.println("  " + line));
        shutdown();
        System.exit(1);
      }
    }
  }

  private void start(String module, Map<String, String> env) throws IOException {
    Path jar = Path.of(module, "target", module + ".jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run ./talk-mesh build (or mvn -DskipTests package)");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString())
        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(env);
    Process process = builder.start();
    services.add(process);
    logs.add(ServiceLog.follow(module, process.getInputStream(), LOG_DIR.resolve(module + ".log")));
    say("started " + module);
  }

  /**
   * Waits until every service answers its readiness probe, then until the admin can log in (so the first login
   * through the gateway never waits on a talk-manager still migrating).
   */
  private void awaitReady(String http, List<String> readiness, Map<String, String> env) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String login = "{\"username\":\"" + env.get("TALK_ADMIN_USERNAME").replace("\"", "\\\"") + "\",\"password\":\""
        + env.get("TALK_ADMIN_PASSWORD").replace("\"", "\\\"") + "\"}";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < services.size(); i++) {
        Process p = services.get(i);
        if (!p.isAlive()) {
          ServiceLog log = logs.get(i);
          say("a service exited during start-up (code " + p.exitValue() + "); the end of " + log.file() + ":");
          log.last().forEach(line -> System.out.println("  " + line));
          throw new IllegalStateException("a service exited during start-up (code " + p.exitValue() + ")");
        }
      }
      boolean ready = true;
      for (String probe : readiness) {
        ready = ready && status(client, HttpRequest.newBuilder(URI.create(probe)).GET()) == 200;
      }
      if (ready && status(client, HttpRequest.newBuilder(URI.create(http + "/v1.0/auth/login"))
          .POST(HttpRequest.BodyPublishers.ofString(login)).header("Content-Type", "application/json")) == 200) {
        return;
      }
      Thread.sleep(500);
    }
    for (ServiceLog log : logs) {
      say("the end of " + log.file() + ":");
      log.last().forEach(line -> System.out.println("  " + line));
    }
    throw new IllegalStateException("talk-mesh did not become ready within 180 s");
  }

  private static int status(HttpClient client, HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private synchronized void shutdown() {
    stopping = true;
    if (services.isEmpty() && infra.isEmpty()) {
      return;
    }
    say("stopping talk-mesh...");
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).destroy();
    }
    for (Process p : services) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
    services.clear();
    for (int i = infra.size() - 1; i >= 0; i--) {
      try {
        infra.get(i).close();
      } catch (Exception e) {
        say("could not stop " + infra.get(i) + ": " + e);
      }
    }
    infra.clear();
    say("stopped.");
  }

  private static String randomSecret() {
    byte[] bytes = new byte[36];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static void say(String line) {
    System.out.println("[talk-mesh] " + line);
  }
}
