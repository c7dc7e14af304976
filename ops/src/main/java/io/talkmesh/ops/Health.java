package io.talkmesh.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.talkmesh.common.ops.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code /health/live} (the process answers), {@code /health/ready} (every named dependency check passes: 200, else
 * 503 with the failing checks) and {@code /metrics}, the same on every service.
 */
public final class Health {
  private Health() {
  }

  public static void mount(Router router, Vertx vertx, String service, Map<String, Supplier<Future<Boolean>>> readiness) {
    mountProbes(router, vertx, readiness);
    router.get("/metrics").handler(scrape(service));
  }

  /** {@code /health/live} and {@code /health/ready} only (for a public port whose metrics are served elsewhere). */
  public static void mountProbes(Router router, Vertx vertx, Map<String, Supplier<Future<Boolean>>> readiness) {
    HealthChecks live = HealthChecks.create(vertx).register("process", promise -> promise.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx);
    readiness.forEach((name, check) -> ready.register(name, 2000, promise -> check.get()
        .timeout(1500, TimeUnit.MILLISECONDS)
        .onComplete(ar -> promise.complete(ar.succeeded() && Boolean.TRUE.equals(ar.result()) ? Status.OK() : Status.KO()))));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
  }

  /** The service's registry in Prometheus' text format (its detached registry when Vert.x runs without metrics). */
  private static Handler<RoutingContext> scrape(String service) {
    return ctx -> {
      MeterRegistry registry = Metrics.registry(service);
      if (registry instanceof PrometheusMeterRegistry prometheus) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(prometheus.scrape());
      } else {
        PrometheusScrapingHandler.create(service).handle(ctx);
      }
    };
  }
}
