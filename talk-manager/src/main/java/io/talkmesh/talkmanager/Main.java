package io.talkmesh.talkmanager;

import io.talkmesh.ops.ServiceMain;
import java.time.Duration;

/** Starts one talk-manager process from environment variables (see {@link TalkManagerConfig}). */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    ServiceMain.run(TalkManager.SERVICE, TalkManagerConfig::from, (vertx, config) -> TalkManager.deploy(vertx, config)
        .map(port -> "serving " + config.amqp().requestQueue() + " on " + config.amqp().uri().replaceAll("//[^@]*@", "//")
            + "; health and metrics on port " + port), Duration.ofSeconds(120));
  }
}
