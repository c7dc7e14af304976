package io.talkmesh.devstack.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The 3-node RabbitMQ cluster of {@code scripts/rmq-cluster.sh} (tm1..tm3@localhost, AMQP on 127.0.0.1:5681-5683),
 * driven from a test: started, a node killed with SIGKILL and started again, asked which node leads a queue or holds
 * a connection. The node helpers come from the project's cluster reference, {@code ../shared/reference/cluster-infra}
 * beside the checkout ({@code TALK_CLUSTER_INFRA} names another place).
 */
final class RabbitCluster implements AutoCloseable {
  static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
  private static final String USER = "guest:guest";

  private final Path script;

  private RabbitCluster(Path script) {
    this.script = script;
  }

  /** The checkout's root: the folder holding {@code scripts/rmq-cluster.sh}, from the module or the root. */
  static Path checkout() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("scripts/rmq-cluster.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("scripts/rmq-cluster.sh not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** The cluster reference the script sources; null with {@link #missing} saying why. */
  static Path reference() {
    String configured = System.getenv("TALK_CLUSTER_INFRA");
    return configured != null && !configured.isBlank() ? Path.of(configured)
        : checkout().resolve("../shared/reference/cluster-infra").normalize();
  }

  /** Why this machine cannot run the cluster, or null when it can. */
  static String missing() {
    if (!Files.isExecutable(SERVER)) {
      return SERVER + " is absent (Debian's rabbitmq-server package): the 3-node cluster tests need it";
    }
    if (!Files.exists(reference().resolve("rmq-env.sh"))) {
      return reference() + "/rmq-env.sh is absent (the cluster reference beside the checkout; TALK_CLUSTER_INFRA"
          + " names another place)";
    }
    return null;
  }

  /** Starts and clusters the three nodes (about 40 s). */
  static RabbitCluster up() throws Exception {
    RabbitCluster cluster = new RabbitCluster(checkout().resolve("scripts/rmq-cluster.sh"));
    cluster.run(180, "down");
    cluster.run(240, "up");
    return cluster;
  }

  /** The AMQP URI of node {@code i} (1..3). */
  static String uri(int i) {
    return "amqp://" + USER + "@127.0.0.1:" + (5680 + i);
  }

  /** Every node, as {@code TALK_AMQP_URI} takes them. */
  static String uris() {
    return uri(1) + "," + uri(2) + "," + uri(3);
  }

  /** {@code kill -9} of node {@code i}; returns its pid. */
  long kill(int i) throws Exception {
    return Long.parseLong(run(10, "kill", Integer.toString(i)).trim());
  }

  /** Starts node {@code i} again and waits until the cluster has its three nodes running. */
  void start(int i) throws Exception {
    run(120, "start", Integer.toString(i));
  }

  /** The node (1..3) leading quorum queue {@code queue}. */
  int leader(String queue) throws Exception {
    return node(run(30, "leader", queue), "leader of " + queue);
  }

  /** The node (1..3) the connection named {@code connectionName} is on. */
  int nodeOf(String connectionName) throws Exception {
    return node(run(30, "node-of", connectionName), "node of connection " + connectionName);
  }

  String queues() throws Exception {
    return run(30, "queues");
  }

  private static int node(String out, String what) {
    String trimmed = out.trim();
    if (!trimmed.matches("[123]")) {
      throw new AssertionError("no " + what + " found: '" + trimmed + "'");
    }
    return Integer.parseInt(trimmed);
  }

  private String run(int timeoutSeconds, String... args) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(new java.util.ArrayList<>(List.of("sh", script.toString())));
    builder.command().addAll(List.of(args));
    builder.environment().put("TALK_CLUSTER_INFRA", reference().toString());
    builder.redirectErrorStream(true);
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("rmq-cluster.sh " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s");
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new AssertionError("rmq-cluster.sh " + String.join(" ", args) + " failed (" + process.exitValue() + "): " + out);
    }
    return out;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run(180, "down");
    } catch (Exception e) {
      throw new IOException("stopping the cluster: " + e.getMessage(), e);
    }
  }
}
