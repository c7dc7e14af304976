package io.talkmesh.bench.baseline;

import io.talkmesh.bench.client.Deliveries;
import io.talkmesh.bench.client.Marker;
import io.talkmesh.bench.client.PushClient;
import io.talkmesh.bench.load.Batches;
import io.talkmesh.bench.load.Burst;
import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.measure.MeshCpu;
import io.talkmesh.bench.measure.Progress;
import io.talkmesh.bench.mesh.Mesh;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fan-out baseline: {@link BareBroadcastServer} in its own JVM, the same M clients, the same number of
 * messages and the same frames (a real {@code chatmessage_created} frame, re-stamped), the same sender window; and
 * the server's CPU-ms per 1,000 deliveries, beside push-service's.
 */
public final class BareBroadcast {
  private BareBroadcast() {
  }

  public static JsonArray run(Vertx vertx, Path benchJar, Path logDir, String heap, List<Integer> sizes,
                              Map<Integer, Integer> messagesPerSize, int window, int sourceAddresses,
                              Deliveries deliveries, JsonObject sampleMessage) throws Exception {
    int port = Mesh.freePort();
    Process server = new ProcessBuilder(Mesh.javaBin(), "-Xmx" + heap, "-cp", benchJar.toString(),
        BareBroadcastServer.class.getName(), Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(logDir.resolve("bare-broadcast.log").toFile()).start();
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    PushClient clients = new PushClient(vertx, port, sourceAddresses, deliveries);
    List<WebSocket> sockets = new ArrayList<>();
    JsonArray results = new JsonArray();
    try {
      awaitUp(http, port, server);
      for (int m : sizes) {
        int from = sockets.size();
        Progress.say("bare broadcast M=%,d: connecting clients %,d..%,d", m, from, m - 1);
        sockets.addAll(Batches.run("connect bare clients", m - from, 64, i -> clients.open("/ws")));
        String tag = "bare-" + m;
        int[] seq = {0};
        CpuSampler cpu = new CpuSampler().group("bare-broadcast", () -> List.of(server.pid()))
            .group(MeshCpu.LOADGEN, () -> List.of(ProcessHandle.current().pid())).start();
        JsonObject r = Burst.run(tag, deliveries, messagesPerSize.get(m), window, m, Duration.ofSeconds(120),
            stamp -> broadcast(http, port, frame(sampleMessage, ++seq[0], Marker.stamp(tag, stamp))));
        r.put("cost", MeshCpu.cost(cpu.stop(), r.getLong("received"), 1000));
        Progress.say("bare broadcast M=%,d: %,.0f deliveries/s, latency p50 %s ms p99 %s ms", m,
            r.getDouble("deliveries_per_second"), r.getJsonObject("latency").getValue("p50_ms"),
            r.getJsonObject("latency").getValue("p99_ms"));
        results.add(r);
      }
    } finally {
      sockets.forEach(WebSocket::close);
      Thread.sleep(1000);
      clients.close().await(10, TimeUnit.SECONDS);
      http.close();
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
    return results;
  }

  /** The frame push-service would send for this message: {@code {"type","seq","data"}}, its text re-stamped. */
  static String frame(JsonObject message, int seq, String stamp) {
    JsonObject data = message == null ? new JsonObject() : message.copy();
    data.put("text", "fanout " + stamp);
    return new JsonObject().put("type", "chatmessage_created").put("seq", seq).put("data", data).encode();
  }

  private static Future<Void> broadcast(HttpClient http, int port, String frame) {
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI("/broadcast"))
        .compose(req -> req.send(Buffer.buffer(frame)))
        .compose(resp -> resp.body())
        .mapEmpty();
  }

  private static void awaitUp(HttpClient http, int port, Process server) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("bare broadcast server exited");
      }
      try {
        http.request(HttpMethod.GET, port, "127.0.0.1", "/health/ready").compose(req -> req.send())
            .compose(resp -> resp.body()).await(2, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("bare broadcast server did not start");
  }
}
