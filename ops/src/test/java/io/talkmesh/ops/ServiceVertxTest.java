package io.talkmesh.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.talkmesh.common.tracing.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServiceVertxTest {
  @Test
  void withTracingOffTheVertxHasNoTracer() throws Exception {
    Vertx vertx = ServiceVertx.create(new VertxOptions(), null, Tracing.OFF);
    try {
      assertThat(((VertxInternal) vertx).tracer()).as("vertx-opentelemetry is on the classpath, yet unused").isNull();
      assertThat(Tracing.of(vertx)).isSameAs(Tracing.OFF);
    } finally {
      await(vertx.close().toCompletionStage().toCompletableFuture());
    }
  }

  @Test
  void withTracingOnRequestsAreServerSpansOfTheServiceButHealthProbesAreNot() throws Exception {
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    Tracing tracing = Tracing.exportingTo(exported, "api-gateway");
    Vertx vertx = ServiceVertx.create(new VertxOptions(), null, tracing);
    try {
      assertThat(Tracing.of(vertx)).isSameAs(tracing);
      HttpServer server = await(vertx.createHttpServer().requestHandler(req -> req.response().end("ok")).listen(0)
          .toCompletionStage().toCompletableFuture());
      HttpClient client = vertx.createHttpClient();
      for (String path : new String[] {"/health/ready", "/v1.0/chats"}) {
        await(client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path)
            .compose(req -> req.send()).compose(res -> res.body()).toCompletionStage().toCompletableFuture());
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (exported.getFinishedSpanItems().stream().noneMatch(s -> s.getKind() == SpanKind.SERVER)
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(exported.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER)
          .map(SpanData::getAttributes).map(a -> a.get(io.opentelemetry.api.common.AttributeKey.stringKey("url.path"))))
          .containsExactly("/v1.0/chats");
    } finally {
      await(vertx.close().toCompletionStage().toCompletableFuture());
      tracing.close();
    }
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(10, TimeUnit.SECONDS);
  }
}
