package io.talkmesh.push;

import io.talkmesh.ops.ServiceMain;
import java.time.Duration;

/** Runs push-service from environment variables (see {@link PushConfig}). */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    ServiceMain.run(PushVerticle.SERVICE, PushConfig::from,
        (vertx, config) -> PushService.deploy(vertx, config).map(port -> "listening on port " + port),
        Duration.ofSeconds(30));
  }
}
