package io.talkmesh.gateway;

import io.talkmesh.gateway.http.HttpVerticle;
import io.talkmesh.gateway.http.AsyncApiRoutes;
import io.talkmesh.gateway.http.OpenApiRoutes;
import io.talkmesh.common.auth.AgentAccess;
import io.talkmesh.common.client.TalkManagerClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Starts the gateway inside a Vert.x instance: the one seam used by {@link Main}, the dev-stack and tests. */
public final class Gateway {
  private Gateway() {
  }

  /** The ports a started gateway listens on: the public API and the management port ({@code /metrics}). */
  public record Ports(int http, int management) {
  }

  /** {@link #start}, returning the public port only. */
  public static Future<Integer> deploy(Vertx vertx, GatewayConfig config) {
    return start(vertx, config).map(Ports::http);
  }

  /**
   * Deploys {@code config.instances()} HTTP verticles sharing one public and one management port and returns them.
   * With a port of 0 the instances share one random free port (Vert.x shares one random port among the servers given
   * the same negative port: -1 public, -2 management).
   * The instances stop with {@code vertx.close()} (or {@code vertx.undeploy} of the deployment).
   */
  public static Future<Ports> start(Vertx vertx, GatewayConfig config) {
    return start(vertx, config, null);
  }

  /** {@link #start} with a given source of agents' access (a test's gateway without broker); null: the real one. */
  public static Future<Ports> start(Vertx vertx, GatewayConfig config,
                                    Function<TalkManagerClient, AgentAccess> accessSource) {
    try {
      OpenApiRoutes.document(); // read the classpath resource here, on the caller's thread, not on an event loop
      AsyncApiRoutes.document(); // and generate the AsyncAPI document from it, likewise
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    int listenPort = config.httpPort() == 0 ? -1 : config.httpPort();
    // A different negative value: servers given the same negative port share one random port, whichever router.
    int managementPort = config.managementPort() == 0 ? -2 : config.managementPort();
    AtomicInteger actualPort = new AtomicInteger();
    AtomicInteger actualManagementPort = new AtomicInteger();
    return vertx.deployVerticle(() -> new HttpVerticle(config, new HttpVerticle.Listen(listenPort, actualPort::set),
                new HttpVerticle.Listen(managementPort, actualManagementPort::set), accessSource),
            new DeploymentOptions().setInstances(config.instances()))
        .map(id -> new Ports(actualPort.get(), actualManagementPort.get()));
  }
}
