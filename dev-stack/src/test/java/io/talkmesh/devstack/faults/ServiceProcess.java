package io.talkmesh.devstack.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service in its own JVM ({@code java -cp <this test's classpath> <Main>}), configured by environment variables only,
 * as in production, so that the test can {@link #kill()} it with SIGKILL: no shutdown hook, no graceful close.
 * Its output goes to {@code target/faults/<name>.log}.
 */
final class ServiceProcess implements AutoCloseable {
  static final String TALK_MANAGER = "io.talkmesh.talkmanager.Main";
  static final String PUSH = "io.talkmesh.push.Main";
  static final String WEBHOOK = "io.talkmesh.webhook.Main";

  private final String name;
  private final Process process;
  private final int healthPort;
  private final Path log;

  private ServiceProcess(String name, Process process, int healthPort, Path log) {
    this.name = name;
    this.process = process;
    this.healthPort = healthPort;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with {@code env} (plus text logs) and waits until its {@code /health/ready} on
   * {@code healthPort} answers 200.
   */
  static ServiceProcess start(String name, String mainClass, Map<String, String> env, int healthPort) throws Exception {
    Path dir = Path.of("target", "faults");
    Files.createDirectories(dir);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    builder.environment().put("TALK_LOG_FORMAT", "text");
    builder.environment().putIfAbsent("TALK_LOG_LEVELS", "talk.access=WARN");
    ServiceProcess service = new ServiceProcess(name, builder.start(), healthPort, log);
    service.awaitReady(Duration.ofSeconds(90));
    return service;
  }

  /**
   * A push-service of its own JVM beside the stack's services (its database, broker and secret), its WebSocket and
   * health on {@code port}: the instance a fault test kills.
   */
  static ServiceProcess pushBeside(io.talkmesh.devstack.system.Stack stack, String name, int port) throws Exception {
    Map<String, String> env = new java.util.HashMap<>(stack.env());
    env.put("TALK_WS_PORT", Integer.toString(port));
    return start(name, PUSH, env, port);
  }

  /** A webhook-service of its own JVM beside the stack's services, its health and metrics on {@code port}. */
  static ServiceProcess webhookBeside(io.talkmesh.devstack.system.Stack stack, String name, int port) throws Exception {
    Map<String, String> env = new java.util.HashMap<>(stack.env());
    env.put("TALK_WEBHOOK_MANAGEMENT_PORT", Integer.toString(port));
    return start(name, WEBHOOK, env, port);
  }

  void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready()) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " not ready within " + timeout + "; see " + log.toAbsolutePath());
      }
      Thread.sleep(100);
    }
  }

  boolean ready() {
    return Health.ready(healthPort);
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL (kill -9), and waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  /** {@code GET /health/ready} of a service, 200 or not. */
  static final class Health {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private Health() {
    }

    static boolean ready(int port) {
      try {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
