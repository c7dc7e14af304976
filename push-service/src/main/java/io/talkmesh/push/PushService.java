package io.talkmesh.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicReference;

/** Starts push-service inside a Vert.x instance: the one seam used by {@link Main}, the dev-stack and tests. */
public final class PushService {
  private PushService() {
  }

  /**
   * Deploys one {@link PushVerticle} (its sessions, subscriptions and event queue live on one event loop; run more
   * processes to scale) and returns the port it listens on ({@code wsPort} 0 = a random free port).
   * It stops, closing every socket with 1012, with {@code vertx.close()} or {@code vertx.undeploy}.
   */
  public static Future<Integer> deploy(Vertx vertx, PushConfig config) {
    return start(vertx, config).map(Ports::ws);
  }

  /** The ports an instance listens on: the public WebSocket port and the management port (metrics, stats). */
  public record Ports(int ws, int management) {
  }

  /** As {@link #deploy}, returning both ports ({@code 0} in the config = a random free port). */
  public static Future<Ports> start(Vertx vertx, PushConfig config) {
    return start(vertx, config, null);
  }

  /** {@link #start} with a given source of agents' access (a test's instance without broker); null: the real one. */
  public static Future<Ports> start(Vertx vertx, PushConfig config,
      java.util.function.Function<io.talkmesh.common.client.TalkManagerClient, io.talkmesh.common.auth.AgentAccess> accessSource) {
    AtomicReference<Ports> ports = new AtomicReference<>();
    return vertx.deployVerticle(new PushVerticle(config, ports::set, accessSource)).map(id -> ports.get());
  }
}
