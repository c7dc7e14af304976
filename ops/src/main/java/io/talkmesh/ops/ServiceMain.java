package io.talkmesh.ops;

import io.talkmesh.common.ops.Metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one start-up of every service process: log levels from {@code TALK_LOG_LEVELS}, the configuration from the
 * environment (invalid: a message naming the variable, exit code 2), a Vert.x with the service's metrics, a shutdown
 * hook that closes it, then the service's own start (failure: exit code 1).
 */
public final class ServiceMain {
  /** Exit code of a start refused for its configuration. */
  public static final int EXIT_CONFIGURATION = 2;
  /** Exit code of a start that failed. */
  public static final int EXIT_FAILED = 1;
  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

  private ServiceMain() {
  }

  /** The service's Vert.x: metrics on, in a Prometheus registry named after the service (what {@code /metrics} shows). */
  public static Vertx vertx(String service) {
    return Vertx.builder().with(Metrics.vertxOptions(service)).withMetrics(new MicrometerMetricsFactory()).build();
  }

  /**
   * @param service  the service name (metrics registry, log lines)
   * @param config   reads the configuration from the environment; throws IllegalArgumentException naming the variable
   * @param start    starts the service, answering what to log once it is up (e.g. its ports)
   * @param deadline how long the start may take
   */
  public static <C> void run(String service, Function<Map<String, String>, C> config,
                             BiFunction<Vertx, C, Future<String>> start, Duration deadline) {
    LogLevels.apply(System.getenv("TALK_LOG_LEVELS"));
    C configuration;
    try {
      configuration = config.apply(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("{}: invalid configuration: {}", service, e.getMessage());
      System.exit(EXIT_CONFIGURATION);
      return;
    }
    Vertx vertx = vertx(service);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly: {}", service, e.toString());
      }
    }, service + "-shutdown"));
    try {
      String started = start.apply(vertx, configuration).await(deadline.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("{} {}", service, started);
    } catch (Exception e) {
      LOG.error("{} failed to start: {}", service, e.getMessage(), e);
      System.exit(EXIT_FAILED);
    }
  }
}
