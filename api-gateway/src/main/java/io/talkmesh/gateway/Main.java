package io.talkmesh.gateway;

import io.talkmesh.ops.ServiceMain;
import io.talkmesh.gateway.http.GatewayRouter;
import java.time.Duration;

/** Runs the gateway from environment variables (see {@link GatewayConfig}). */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    ServiceMain.run(GatewayRouter.SERVICE, GatewayConfig::from, (vertx, config) -> Gateway.start(vertx, config)
        .map(ports -> "listening on port " + ports.http() + ", management (/metrics) on port " + ports.management()
            + " (" + config.instances() + " instances)"), Duration.ofSeconds(30));
  }
}
