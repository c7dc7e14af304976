package io.talkmesh.gateway;

import io.talkmesh.common.ops.Metrics;
import io.talkmesh.gateway.http.GatewayRouter;
import io.vertx.core.Vertx;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the gateway from environment variables (see {@link GatewayConfig}). */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    io.talkmesh.ops.LogLevels.apply(System.getenv("TALK_LOG_LEVELS"));
    GatewayConfig config;
    try {
      config = GatewayConfig.from(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("api-gateway: invalid configuration: {}", e.getMessage());
      System.exit(1);
      return;
    }
    Vertx vertx = Vertx.builder().with(Metrics.vertxOptions(GatewayRouter.SERVICE))
        .withMetrics(new MicrometerMetricsFactory()).build();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("api-gateway did not stop cleanly: {}", e.getMessage());
      }
    }));
    try {
      Gateway.Ports ports = Gateway.start(vertx, config).await(30, TimeUnit.SECONDS);
      LOG.info("api-gateway listening on port {}, management (/metrics) on port {} ({} instances)", ports.http(),
          ports.management(), config.instances());
    } catch (Exception e) {
      LOG.error("api-gateway failed to start: {}", e.getMessage(), e);
      System.exit(1);
    }
  }
}
