package io.talkmesh.talkmanager;

import io.talkmesh.common.ops.Metrics;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one talk-manager process from environment variables. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    io.talkmesh.ops.LogLevels.apply(System.getenv("TALK_LOG_LEVELS"));
    TalkManagerConfig config;
    try {
      config = TalkManagerConfig.from(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.builder().with(Metrics.vertxOptions(TalkManager.SERVICE))
        .withMetrics(new io.vertx.micrometer.MicrometerMetricsFactory()).build();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown did not finish cleanly: {}", e.toString());
      }
    }));
    try {
      int port = TalkManager.deploy(vertx, config).await(120, TimeUnit.SECONDS);
      LOG.info("talk-manager serving {} on {}; health and metrics on port {}", config.amqp().requestQueue(),
          config.amqp().uri().replaceAll("//[^@]*@", "//"), port);
    } catch (Exception e) {
      LOG.error("talk-manager failed to start", e);
      System.exit(1);
    }
  }
}
