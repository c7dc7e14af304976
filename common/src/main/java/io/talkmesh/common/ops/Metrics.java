package io.talkmesh.common.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Prometheus metrics of a service: Vert.x's own (HTTP per route and status, pools, JVM) plus talk-mesh's meters,
 * in one registry named after the service (scraped at {@code /metrics} by ops' {@code Health}).
 */
public final class Metrics {
  private static final Pattern UUID_SEGMENT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /** Registries of services whose Vert.x runs without the metrics SPI (in-process tests): still scrapeable. */
  private static final java.util.Map<String, io.micrometer.prometheusmetrics.PrometheusMeterRegistry> FALLBACK =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Metrics() {
  }

  /** Options for the service's Vert.x instance, with metrics on. */
  public static VertxOptions vertxOptions(String service) {
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(service)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true))
        .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME));
  }

  /** The service's registry; a detached one when its Vert.x runs without metrics (some tests). */
  public static MeterRegistry registry(String service) {
    MeterRegistry registry = BackendRegistries.getNow(service);
    return registry == null ? fallback(service) : registry;
  }

  private static io.micrometer.prometheusmetrics.PrometheusMeterRegistry fallback(String service) {
    return FALLBACK.computeIfAbsent(service, s -> new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT));
  }

  /** A latency timer with Prometheus histogram buckets. */
  public static Timer timer(MeterRegistry registry, String name, String description, String... tags) {
    return Timer.builder(name).description(description).tags(tags).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
  }

  /** An RPC route label: the method and the path with ids folded ({@code POST /v1/chats/{id}/participants}). */
  public static String route(String method, String uri) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    return method + " " + UUID_SEGMENT.matcher(path).replaceAll("{id}");
  }
}
