package io.talkmesh.devstack.system;

import io.talkmesh.common.tracing.Tracing;
import io.talkmesh.common.tracing.TracingConfig;
import io.talkmesh.devstack.TestInfra;
import io.talkmesh.gateway.Gateway;
import io.talkmesh.gateway.GatewayConfig;
import io.talkmesh.gateway.http.GatewayRouter;
import io.talkmesh.ops.ServiceVertx;
import io.talkmesh.push.PushVerticle;
import io.talkmesh.push.PushConfig;
import io.talkmesh.push.PushService;
import io.talkmesh.talkmanager.TalkManager;
import io.talkmesh.talkmanager.TalkManagerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The three services started for a test through the same seams their {@code Main} uses, each in its own Vert.x
 * instance, so they share nothing but the broker (and talk-manager the database). Every stack gets its own
 * database and queue prefix from {@link TestInfra}. Each Vert.x is built as production builds it
 * ({@link ServiceVertx}), without the metrics SPI; tracing as {@code TALK_OTEL_*} in {@link #env()} say (off by
 * default), or as {@link #tracing} sets.
 */
public final class Stack implements AutoCloseable {
  public static final String ADMIN = "admin";
  public static final String ADMIN_PASSWORD = "admin-secret-password";

  private final Map<String, String> env;
  private final List<Vertx> vertxes = new ArrayList<>();
  private final List<Vertx> talkManagers = new ArrayList<>();
  private final List<Vertx> gateways = new ArrayList<>();
  private final List<Vertx> pushes = new ArrayList<>();
  private final List<Vertx> webhooks = new ArrayList<>();
  private final List<Integer> webhookPorts = new ArrayList<>();
  private final List<Integer> httpPorts = new ArrayList<>();
  private final List<Integer> wsPorts = new ArrayList<>();
  private final List<Integer> pushManagementPorts = new ArrayList<>();
  private final List<Integer> talkManagerPorts = new ArrayList<>();
  private boolean serviceMetrics;
  private final List<Tracing> tracings = new ArrayList<>();
  private Function<String, Tracing> tracing = service -> Tracing.start(TracingConfig.from(env(), service));
  private int httpPort;
  private int managementPort;
  private int wsPort;

  private Stack(Map<String, String> env) {
    this.env = env;
  }

  /** A fresh database and prefix; nothing started yet. */
  public static Stack fresh() {
    TestInfra infra = TestInfra.get();
    Map<String, String> env = new HashMap<>();
    env.put("TALK_PG_URI", infra.newDatabase());
    env.put("TALK_AMQP_URI", infra.amqpUri());
    env.put("TALK_AMQP_PREFIX", infra.newPrefix());
    if (infra.embeddedBroker()) {
      env.put("TALK_WEBHOOK_RETRY_QUEUES", "memory"); // Broker-J does not dead-letter expired messages
    }
    env.put("TALK_HTTP_PORT", "0");
    env.put("TALK_WS_PORT", "0");
    env.put("TALK_PUSH_MANAGEMENT_PORT", "0");
    env.put("TALK_MANAGER_HTTP_PORT", "0");
    // Functional tests send in bursts; the rate limits have their own test with their own stack.
    env.put("TALK_RATE_SENDS_PER_SECOND", "10000");
    env.put("TALK_RATE_REACTIONS_PER_SECOND", "10000");
    env.put("TALK_WS_FRAMES_PER_SECOND", "100000");
    // A fresh signing key per stack, as ./talk-mesh up does: no test may rely on a secret from the source.
    env.put("TALK_JWT_SECRET", io.talkmesh.common.auth.AuthConfig.randomSecret());
    env.put("TALK_GATEWAY_MANAGEMENT_PORT", "0");
    env.put("TALK_ADMIN_USERNAME", ADMIN);
    env.put("TALK_ADMIN_PASSWORD", ADMIN_PASSWORD);
    return new Stack(env);
  }

  /** One instance of each service. */
  public static Stack start() throws Exception {
    return fresh().startTalkManager().startGateway().startPush();
  }

  public Map<String, String> env() {
    return env;
  }

  /**
   * Starts each service on the Vert.x its {@code Main} builds (ServiceMain.vertx: Vert.x's HTTP, pool and JVM meters
   * beside talk-mesh's), not a bare one. A registry is per service name and per JVM, so a stack with metrics runs
   * one instance of each service.
   */
  public Stack withServiceMetrics() {
    serviceMetrics = true;
    return this;
  }

  /** The tracing of each service started from now on, by service name (a test's: the SDK's in-memory exporter). */
  public Stack tracing(Function<String, Tracing> byService) {
    this.tracing = byService;
    return this;
  }

  public Stack startTalkManager() throws Exception {
    return startTalkManager(env);
  }

  /**
   * Another talk-manager on this stack's database and broker, started with another {@code TALK_ADMIN_USERNAME}: its
   * first-start bootstrap finds no agent of that name and so creates a second customer with this admin.
   */
  public Stack startTalkManagerWithAdmin(String username, String password) throws Exception {
    Map<String, String> other = new HashMap<>(env);
    other.put("TALK_ADMIN_USERNAME", username);
    other.put("TALK_ADMIN_PASSWORD", password);
    return startTalkManager(other);
  }

  private Stack startTalkManager(Map<String, String> config) throws Exception {
    Vertx vertx = newVertx(TalkManager.SERVICE);
    talkManagerPorts.add(TalkManager.deploy(vertx, TalkManagerConfig.from(config)).await(120, TimeUnit.SECONDS));
    talkManagers.add(vertx);
    return this;
  }

  public Stack startGateway() throws Exception {
    Vertx vertx = newVertx(GatewayRouter.SERVICE);
    Gateway.Ports ports = Gateway.start(vertx, GatewayConfig.from(env)).await(60, TimeUnit.SECONDS);
    managementPort = ports.management();
    httpPort = ready(vertx, gateways, ports.http(), httpPorts);
    return this;
  }

  /** One more webhook-service instance; its management port is added to {@link #webhookPorts()}. */
  public Stack startWebhook() throws Exception {
    Vertx vertx = newVertx(io.talkmesh.webhook.WebhookVerticle.SERVICE);
    int port = io.talkmesh.webhook.WebhookService.deploy(vertx, io.talkmesh.webhook.WebhookConfig.from(env))
        .await(60, TimeUnit.SECONDS);
    awaitReady(port);
    webhooks.add(vertx);
    webhookPorts.add(port);
    return this;
  }

  public List<Integer> webhookPorts() {
    return List.copyOf(webhookPorts);
  }

  public Stack startPush() throws Exception {
    Vertx vertx = newVertx(PushVerticle.SERVICE);
    PushService.Ports ports = PushService.start(vertx, PushConfig.from(env)).await(60, TimeUnit.SECONDS);
    pushManagementPorts.add(ports.management());
    wsPort = ready(vertx, pushes, ports.ws(), wsPorts);
    return this;
  }

  /** Waits until the instance on {@code port} is ready, then counts it among its kind's; returns the port. */
  private static int ready(Vertx instance, List<Vertx> instances, int port, List<Integer> ports) throws Exception {
    awaitReady(port);
    instances.add(instance);
    ports.add(port);
    return port;
  }

  /** Services listen at once and connect to the broker in the background: wait until /health/ready says 200. */
  private static void awaitReady(int port) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest ready = java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(java.time.Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(ready, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("service on port " + port + " did not become ready within 60 s");
  }

  /** Ports of every gateway started, in start order (an instance keeps its index after it is stopped). */
  public List<Integer> httpPorts() {
    return List.copyOf(httpPorts);
  }

  /** Ports of every push-service started, in start order. */
  public List<Integer> wsPorts() {
    return List.copyOf(wsPorts);
  }

  /** Stops the i-th push-service (0-based, start order) the way SIGTERM does: {@code vertx.close()}. */
  public void stopPush(int i) throws Exception {
    stop(pushes.get(i));
  }

  /** Stops the i-th talk-manager (0-based, start order). */
  public void stopTalkManager(int i) throws Exception {
    stop(talkManagers.get(i));
  }

  /** Stops the i-th gateway (0-based, start order). */
  public void stopGateway(int i) throws Exception {
    stop(gateways.get(i));
  }

  private void stop(Vertx vertx) throws Exception {
    if (vertxes.remove(vertx)) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  public int httpPort() {
    return httpPort;
  }

  /** The port of the last started talk-manager's /health and /metrics ({@code TALK_MANAGER_HTTP_PORT}). */
  public int talkManagerPort() {
    return talkManagerPorts.get(talkManagerPorts.size() - 1);
  }

  /** The last started gateway's management port ({@code /metrics}). */
  public int gatewayManagementPort() {
    return managementPort;
  }

  public int wsPort() {
    return wsPort;
  }

  /** The management port (/metrics, /stats) of the last push-service started. */
  public int pushManagementPort() {
    return pushManagementPorts.get(pushManagementPorts.size() - 1);
  }

  /** Management ports of every push-service started, in start order. */
  public List<Integer> pushManagementPorts() {
    return List.copyOf(pushManagementPorts);
  }

  /** A Vert.x for one instance of {@code service}, with its tracing; closed with the stack. */
  private Vertx newVertx(String service) {
    Tracing traced = tracing.apply(service);
    tracings.add(traced);
    Vertx vertx = serviceMetrics ? io.talkmesh.ops.ServiceMain.vertx(service, traced)
        : ServiceVertx.create(new VertxOptions(), null, traced);
    vertxes.add(vertx);
    return vertx;
  }

  @Override
  public void close() throws Exception {
    for (int i = vertxes.size() - 1; i >= 0; i--) {
      vertxes.get(i).close().await(30, TimeUnit.SECONDS);
    }
    tracings.forEach(Tracing::close);
  }
}
