package io.talkmesh.ops;

import io.talkmesh.common.ops.Metrics;
import io.talkmesh.common.tracing.Tracing;
import io.talkmesh.common.tracing.TracingConfig;

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
 * environment (invalid: a message naming the variable, exit code 2), a Vert.x with the service's metrics and, when
 * {@code TALK_OTEL_*} turn it on, its tracing ({@link ServiceVertx}), a shutdown hook that closes it (then flushes
 * the spans), then the service's own start (failure: exit code 1).
 */
public final class ServiceMain {
  /** Exit code of a start refused for its configuration. */
  public static final int EXIT_CONFIGURATION = 2;
  /** Exit code of a start that failed. */
  public static final int EXIT_FAILED = 1;
  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

  private ServiceMain() {
  }

  /**
   * The service's Vert.x: metrics on, in a Prometheus registry named after the service (what {@code /metrics} shows),
   * and the tracing given ({@link ServiceVertx}; {@link Tracing#OFF}: none).
   */
  public static Vertx vertx(String service, Tracing tracing) {
    return ServiceVertx.create(Metrics.vertxOptions(service), new MicrometerMetricsFactory(), tracing);
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
    Tracing tracing;
    try {
      configuration = config.apply(System.getenv());
      tracing = Tracing.start(TracingConfig.from(System.getenv(), service));
    } catch (IllegalArgumentException e) {
      LOG.error("{}: invalid configuration: {}", service, e.getMessage());
      System.exit(EXIT_CONFIGURATION);
      return;
    }
    Vertx vertx = vertx(service, tracing);
    if (tracing.enabled()) {
      LOG.info("{} exports traces to {}", service,
          System.getenv(TracingConfig.ENDPOINT).replaceAll("//[^@/]*@", "//")); // never a password in a URL
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly: {}", service, e.toString());
      } finally {
        tracing.close();
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
