package io.talkmesh.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracingTest {
  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final Tracing tracing = Tracing.exportingTo(exported, "test-service");
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    tracing.close();
  }

  @Test
  void aSpanContinuesTheTraceparentItIsGivenAndPassesItsOwnOn() {
    String caller = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    Span span = tracing.startContinuing(caller, "hop", SpanKind.SERVER);
    String next = Tracing.traceparent(span);
    span.end();

    SpanData hop = exported.getFinishedSpanItems().get(0);
    assertThat(hop.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(hop.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(hop.getResource().getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("service.name")))
        .isEqualTo("test-service");
    assertThat(next).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-" + hop.getSpanId() + "-01");
  }

  @Test
  void withoutATraceparentASpanStartsANewTrace() {
    tracing.startContinuing("", "root", SpanKind.PRODUCER).end();
    SpanData root = exported.getFinishedSpanItems().get(0);
    assertThat(root.getParentSpanContext().isValid()).isFalse();
    assertThat(root.getTraceId()).isNotEqualTo("00000000000000000000000000000000");
  }

  @Test
  void workInASpanSeesItCurrentInItsLaterStepsAndTheCallersContextDoesNot() throws Exception {
    CompletableFuture<String[]> seen = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      Span span = tracing.startContinuing("", "handling", SpanKind.SERVER);
      tracing.inSpan(span, () -> {
        Promise<String> later = Promise.promise();
        // a later step of the work, as a query's callback would be
        vertx.setTimer(5, id -> later.complete(Span.current().getSpanContext().getSpanId()));
        return later.future();
      }).onComplete(ar -> {
        span.end();
        vertx.runOnContext(x -> seen.complete(new String[] {span.getSpanContext().getSpanId(), ar.result(),
            Span.current().getSpanContext().getSpanId()}));
      });
    });
    String[] ids = seen.get(10, TimeUnit.SECONDS);
    assertThat(ids[1]).as("the span is current in the work's later step").isEqualTo(ids[0]);
    assertThat(ids[2]).as("nothing is current on the caller's context").isEqualTo("0000000000000000");
  }

  @Test
  void aFailureInsideTheWorkIsItsResult() throws Exception {
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    vertx.runOnContext(v -> tracing.<Void>inSpan(tracing.startContinuing("", "x", SpanKind.SERVER), () -> {
      throw new IllegalStateException("boom");
    }).onFailure(failed::complete));
    assertThat(failed.get(10, TimeUnit.SECONDS)).hasMessage("boom");
  }

  @Test
  void aPlainVertxHasNoTracing() {
    assertThat(Tracing.of(vertx)).isSameAs(Tracing.OFF);
    tracing.attachTo(vertx);
    assertThat(Tracing.of(vertx)).isSameAs(tracing);
  }
}
