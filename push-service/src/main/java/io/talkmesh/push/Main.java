package io.talkmesh.push;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs push-service from environment variables (see {@link PushConfig}). */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    io.talkmesh.ops.LogLevels.apply(System.getenv("TALK_LOG_LEVELS"));
    PushConfig config;
    try {
      config = PushConfig.from(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("push-service: invalid configuration: {}", e.getMessage());
      System.exit(1);
      return;
    }
    Vertx vertx = Vertx.builder().with(io.talkmesh.common.ops.Metrics.vertxOptions(PushVerticle.SERVICE))
        .withMetrics(new io.vertx.micrometer.MicrometerMetricsFactory()).build();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("push-service did not stop cleanly: {}", e.getMessage());
      }
    }));
    try {
      int port = PushService.deploy(vertx, config).await(30, TimeUnit.SECONDS);
      LOG.info("push-service listening on port {}", port);
    } catch (Exception e) {
      LOG.error("push-service failed to start: {}", e.getMessage(), e);
      System.exit(1);
    }
  }
}
