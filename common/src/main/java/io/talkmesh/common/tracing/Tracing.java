package io.talkmesh.common.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.talkmesh.common.rpc.Trace;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.shareddata.Shareable;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider.VertxContextStorage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One service's OpenTelemetry tracing, or {@link #OFF}. When on, its SDK gives the service's Vert.x its tracer
 * (vertx-web server spans, vertx-pg-client SQL spans) and makes the spans of the hops Vert.x does not trace (RPC and
 * events over RabbitMQ), linked through the W3C traceparent the mesh carries. Code on a hot path holds its instance
 * and checks {@link #enabled()} first: when off, nothing else runs and no SDK exists.
 * <p>
 * The instance belongs to its Vert.x ({@link #attachTo}); verticles find it with {@link #of(Vertx)} when they start.
 */
public final class Tracing implements Shareable, AutoCloseable {
  /** No tracing: every check answers false, no SDK is created. */
  public static final Tracing OFF = new Tracing(null);
  private static final String LOCAL_MAP = "talk-mesh.tracing";
  private static final String KEY = "tracing";
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  /** A traceparent string is its own carrier: it answers for the one key the W3C propagator asks. */
  private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(String carrier) {
      return List.of(Trace.HEADER_TRACEPARENT);
    }

    @Override
    public String get(String carrier, String key) {
      return Trace.HEADER_TRACEPARENT.equals(key) ? carrier : null;
    }
  };

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;
  private final boolean enabled;

  private Tracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
    this.tracer = sdk == null ? null : sdk.getTracer("io.talkmesh");
    this.enabled = sdk != null;
  }

  /** {@link #OFF} unless the configuration names an endpoint; else spans batched to it over OTLP/HTTP. */
  public static Tracing start(TracingConfig config) {
    if (!config.enabled()) {
      return OFF;
    }
    SpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(config.tracesUrl()).build();
    return new Tracing(sdk(config.serviceName(), config.samplingRatio(), BatchSpanProcessor.builder(exporter).build()));
  }

  /** Every span handed to {@code exporter} as it ends (tests: the SDK's in-memory exporter), none sampled out. */
  public static Tracing exportingTo(SpanExporter exporter, String serviceName) {
    return new Tracing(sdk(serviceName, 1.0, SimpleSpanProcessor.create(exporter)));
  }

  private static OpenTelemetrySdk sdk(String serviceName, double ratio, SpanProcessor processor) {
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName))))
        .setSampler(new ProbesUntraced(Sampler.parentBased(Sampler.traceIdRatioBased(ratio))))
        .addSpanProcessor(processor)
        .build();
    return OpenTelemetrySdk.builder().setTracerProvider(provider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
  }

  /**
   * Load balancers probe {@code /health/...} on the public ports every few seconds: those requests are no traces
   * (Vert.x sets {@code url.path} before the sampler decides). Everything else as the delegate decides.
   */
  private record ProbesUntraced(Sampler delegate) implements Sampler {
    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    @Override
    public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
                                       Attributes attributes, List<LinkData> links) {
      if (kind == SpanKind.SERVER) {
        String path = attributes.get(URL_PATH);
        if (path != null && path.startsWith("/health/")) {
          return SamplingResult.drop();
        }
      }
      return delegate.shouldSample(parent, traceId, name, kind, attributes, links);
    }

    @Override
    public String getDescription() {
      return "ProbesUntraced{" + delegate.getDescription() + "}";
    }
  }

  /** The tracing of the service running in {@code vertx}; {@link #OFF} when none was attached. */
  public static Tracing of(Vertx vertx) {
    return vertx.sharedData().getLocalMap(LOCAL_MAP).get(KEY) instanceof Tracing tracing ? tracing : OFF;
  }

  /** Makes this the tracing {@link #of(Vertx)} finds for {@code vertx}. */
  public Vertx attachTo(Vertx vertx) {
    if (enabled) {
      vertx.sharedData().getLocalMap(LOCAL_MAP).put(KEY, this);
    }
    return vertx;
  }

  public boolean enabled() {
    return enabled;
  }

  /** Vert.x's tracer over this SDK (for {@code VertxBuilder.withTracer}); only when enabled. */
  public VertxTracerFactory vertxTracerFactory() {
    if (!enabled) {
      throw new IllegalStateException("tracing is off");
    }
    return new OpenTelemetryTracingFactory(sdk);
  }

  /** A started span whose parent is the current context's span (in a vertx-web handler: the HTTP request's). */
  public Span startChild(String name, SpanKind kind) {
    return tracer.spanBuilder(name).setSpanKind(kind).startSpan();
  }

  /** A started span whose parent is the W3C {@code traceparent}; the root of a new trace when that is empty. */
  public Span startContinuing(String traceparent, String name, SpanKind kind) {
    return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent(traceparent)).startSpan();
  }

  /**
   * Runs {@code work} with {@code span} as the current span on a duplicate of the caller's Vert.x context, so what
   * the work does through Vert.x clients (SQL queries) is traced as the span's children, and nothing leaks to other
   * work on the same event loop. The result completes on that duplicate.
   */
  public <T> Future<T> inSpan(Span span, Supplier<Future<T>> work) {
    ContextInternal caller = ContextInternal.current();
    if (caller == null) {
      try (Scope ignored = span.makeCurrent()) {
        return call(work);
      }
    }
    ContextInternal own = caller.duplicate();
    Promise<T> done = own.promise();
    own.dispatch(() -> {
      // closed when the work is done, not when this block returns: its later steps still run in the span
      Scope scope = VertxContextStorage.INSTANCE.attach(own, Context.root().with(span));
      call(work).onComplete(ar -> {
        scope.close();
        done.handle(ar);
      });
    });
    return done.future();
  }

  private static <T> Future<T> call(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** The span as a W3C traceparent header value: what the next hop continues from. */
  public static String traceparent(Span span) {
    SpanContext context = span.getSpanContext();
    return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
  }

  /** Ends the span, marked as an error with the failure when there is one. */
  public static void end(Span span, Throwable failure) {
    if (failure != null) {
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
    }
    span.end();
  }

  /** Ends the span of an RPC answered with this status; 5xx marks it an error. */
  public static void end(Span span, int statusCode) {
    span.setAttribute("talk.rpc.status_code", statusCode);
    if (statusCode >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }

  static Context parent(String traceparent) {
    if (traceparent == null || traceparent.isEmpty()) {
      return Context.root();
    }
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, TRACEPARENT);
  }

  /** Exports what is still buffered and stops the SDK (after the service's Vert.x closed). */
  @Override
  public void close() {
    if (enabled) {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
