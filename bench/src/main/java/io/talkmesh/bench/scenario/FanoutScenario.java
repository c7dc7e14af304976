package io.talkmesh.bench.scenario;

import io.talkmesh.bench.client.Deliveries;
import io.talkmesh.bench.client.Marker;
import io.talkmesh.bench.client.PushClient;
import io.talkmesh.bench.client.TalkApi;
import io.talkmesh.bench.load.Batches;
import io.talkmesh.bench.load.Burst;
import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.measure.MeshCpu;
import io.talkmesh.bench.measure.Progress;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Scenario 3, fan-out: a public channel with M connected members and one sender (the admin, a member without a
 * socket). Members connect incrementally (100, then 1,000, then 5,000), each M measured on its own channel, with the
 * CPU-ms of each process group per 1,000 deliveries.
 */
public final class FanoutScenario {
  private FanoutScenario() {
  }

  /**
   * @param sample receives one message as the API returned it, the model of the bare baseline's frames
   * @param window unanswered sends the sender keeps in flight
   */
  public static JsonArray run(TalkApi api, PushClient push, Population pop, Deliveries deliveries,
                              Map<Integer, Integer> messagesPerSize, int window, AtomicReference<JsonObject> sample,
                              Supplier<CpuSampler> cpu)
      throws InterruptedException {
    JsonArray results = new JsonArray();
    List<WebSocket> sockets = new ArrayList<>();
    try {
      for (Map.Entry<Integer, String> channel : pop.channels.entrySet()) {
        int m = channel.getKey();
        int from = sockets.size();
        Progress.say("fanout M=%,d: connecting members %,d..%,d", m, from, m - 1);
        sockets.addAll(Batches.run("connect members", m - from, 64,
            i -> push.connectSubscribed(pop.members.get(from + i).token(), pop.members.get(from + i).id())));
        int messages = messagesPerSize.get(m);
        String tag = "fanout-" + m;
        Progress.say("fanout M=%,d: %d messages, %d in flight", m, messages, window);
        CpuSampler sampler = cpu.get().start();
        JsonObject r = Burst.run(tag, deliveries, messages, window, m, Duration.ofSeconds(120),
            stamp -> api.send(pop.adminToken, channel.getValue(), "fanout " + Marker.stamp(tag, stamp))
                .onSuccess(sample::set));
        r.put("cost", MeshCpu.cost(sampler.stop(), r.getLong("received"), 1000));
        Progress.say("fanout M=%,d: %,.0f deliveries/s, %,d/%,d received, latency p50 %s ms p99 %s ms", m,
            r.getDouble("deliveries_per_second"), r.getLong("received"), r.getLong("expected"),
            r.getJsonObject("latency").getValue("p50_ms"), r.getJsonObject("latency").getValue("p99_ms"));
        results.add(r);
        Thread.sleep(1000);
      }
    } finally {
      closeAll(sockets);
    }
    return results;
  }

  static void closeAll(List<WebSocket> sockets) {
    for (WebSocket s : sockets) {
      s.close();
    }
    try {
      Thread.sleep(Math.min(5000, 200 + sockets.size() / 5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Progress.say("closed %,d sockets", sockets.size());
    sockets.clear();
  }
}
