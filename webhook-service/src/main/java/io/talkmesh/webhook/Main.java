package io.talkmesh.webhook;

import io.talkmesh.ops.ServiceMain;
import java.time.Duration;

/** Runs webhook-service from environment variables (see {@link WebhookConfig}). */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    ServiceMain.run(WebhookVerticle.SERVICE, WebhookConfig::from,
        (vertx, config) -> WebhookService.deploy(vertx, config).map(port -> "delivers webhooks; management on port " + port),
        Duration.ofSeconds(30));
  }
}
