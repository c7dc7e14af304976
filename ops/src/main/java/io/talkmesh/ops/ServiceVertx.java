package io.talkmesh.ops;

import io.talkmesh.common.tracing.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;

/**
 * Builds the Vert.x a service runs in, the one place that does: with the service's metrics when given and, when
 * its tracing is on, Vert.x's OpenTelemetry tracer (HTTP server, SQL client spans) over the service's SDK, which the
 * Vert.x then carries for the service's own spans ({@link Tracing#of}). Used by {@link ServiceMain} and by the
 * in-process stacks of the tests.
 */
public final class ServiceVertx {
  private ServiceVertx() {
  }

  /**
   * @param metrics the metrics SPI (production: Micrometer), or null for none (several services in one JVM)
   */
  public static Vertx create(VertxOptions options, VertxMetricsFactory metrics, Tracing tracing) {
    VertxBuilder builder = Vertx.builder();
    if (tracing.enabled()) {
      options = new VertxOptions(options).setTracingOptions(new OpenTelemetryOptions());
      builder.withTracer(tracing.vertxTracerFactory());
    }
    builder.with(options);
    if (metrics != null) {
      builder.withMetrics(metrics);
    }
    return tracing.attachTo(builder.build());
  }
}
