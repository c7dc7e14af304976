package io.talkmesh.bench.scenario;

import io.talkmesh.bench.client.Deliveries;
import io.talkmesh.bench.client.Marker;
import io.talkmesh.bench.client.TalkApi;
import io.talkmesh.bench.load.OpenLoop;
import io.talkmesh.bench.load.Outcome;
import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.MeshCpu;
import io.talkmesh.bench.measure.Progress;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Scenario 2, e2e: at a fixed moderate rate, the time from the moment a POST is due to the moment the other
 * participant's WebSocket receives its {@code chatmessage_created} frame, and the CPU-ms per send of each process group.
 */
public final class E2eScenario {
  private E2eScenario() {
  }

  public static JsonObject run(TalkApi api, Population pop, Deliveries deliveries, double rate, Duration duration,
                               Supplier<CpuSampler> cpu) throws InterruptedException {
    int k = pop.senders.size();
    Progress.say("e2e: %.0f msg/s over %d chats, %d s", rate, k, duration.toSeconds());
    Latency e2e = new Latency();
    LongAdder received = new LongAdder();
    deliveries.listen("e2e", (sent, at) -> {
      e2e.recordNanos(at - sent);
      received.increment();
    });
    CpuSampler sampler = cpu.get().start();
    Outcome http = OpenLoop.run("e2e", rate, duration, 2000, (i, due) -> {
      int w = (int) (i % k);
      return api.send(pop.senders.get(w).token(), pop.pairChats.get(w), "e2e " + Marker.stamp("e2e", due));
    });
    SendScenario.settle();
    JsonObject cost = MeshCpu.cost(sampler.stop(), http.ok(), 1);
    deliveries.stop("e2e");
    Progress.say("e2e: %,d of %,d delivered  %s", received.sum(), http.ok(), e2e.summary());
    return new JsonObject().put("rate_per_second", rate).put("sent", http.ok()).put("delivered", received.sum())
        .put("latency", e2e.toJson()).put("http", http.toJson()).put("cost", cost);
  }
}
