package io.talkmesh.talkmanager;

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
    TalkManagerConfig config;
    try {
      config = TalkManagerConfig.from(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown did not finish cleanly: {}", e.toString());
      }
    }));
    try {
      TalkManager.deploy(vertx, config).await(120, TimeUnit.SECONDS);
      LOG.info("talk-manager serving {} on {}", config.amqp().requestQueue(), config.amqp().uri().replaceAll("//[^@]*@", "//"));
    } catch (Exception e) {
      LOG.error("talk-manager failed to start", e);
      System.exit(1);
    }
  }
}
