package io.talkmesh.bench.scenario;

import io.talkmesh.bench.Plan;
import io.talkmesh.bench.client.Deliveries;
import io.talkmesh.bench.client.Marker;
import io.talkmesh.bench.client.TalkApi;
import io.talkmesh.bench.load.ClosedLoop;
import io.talkmesh.bench.load.OpenLoop;
import io.talkmesh.bench.load.Outcome;
import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.Median;
import io.talkmesh.bench.measure.MeshCpu;
import io.talkmesh.bench.measure.Progress;
import io.talkmesh.bench.measure.Warmup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Scenario 1, send: K agents post messages to their chats over keep-alive HTTP/1.1 connections, closed loop (each
 * agent sends again as soon as it is answered: the maximum) then open loop at a fraction of that maximum. The
 * receivers' sockets are connected, so the whole pipeline runs; their receipt latency is reported too. The closed
 * loop first warms up until its throughput is stable, then is measured {@code repetitions} times (the median is the
 * headline); every phase reports its CPU-ms per accepted send for each process group.
 */
public final class SendScenario {
  private SendScenario() {
  }

  public static JsonObject run(TalkApi api, Population pop, Deliveries deliveries, Duration duration, double openFraction,
                               Plan.Headline headline, Supplier<CpuSampler> cpu) throws Exception {
    int k = pop.senders.size();
    Progress.say("send: the mesh idle for %d s (no load: its own timers and the shared servers' other work)",
        headline.warmupWindow().toSeconds());
    CpuSampler idleCpu = cpu.get().start();
    Thread.sleep(headline.warmupWindow().toMillis());
    JsonObject idle = MeshCpu.rate(idleCpu.stop());
    Progress.say("idle CPU-ms per second %s", idle.getJsonObject("cpu_ms_per_second").encode());
    Progress.say("send: warm-up, closed loop in %d s windows until stable (cap %d s)",
        headline.warmupWindow().toSeconds(), headline.warmupCap().toSeconds());
    deliveries.listen("send-warmup", (sent, received) -> { });
    JsonObject warmup = Warmup.run("send", headline.warmupWindow(), headline.warmupCap(), (i, window) -> {
      CpuSampler sampler = cpu.get().start();
      Outcome o = closedLoop(api, pop, "send warm-up " + i, "send-warmup", window);
      JsonObject cost = MeshCpu.cost(sampler.stop(), o.ok(), 1);
      return new Warmup.Window(o.throughput(), cost.getJsonObject("cpu_ms_per_op").getDouble(MeshCpu.PATH));
    });
    settle();
    deliveries.stop("send-warmup");

    List<JsonObject> runs = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    for (int r = 0; r < headline.repetitions(); r++) {
      Progress.say("send: closed loop, %d agents, %d s (run %d of %d)", k, duration.toSeconds(), r + 1,
          headline.repetitions());
      Latency pushed = new Latency();
      deliveries.listen("send-closed", (sent, received) -> pushed.recordNanos(received - sent));
      CpuSampler sampler = cpu.get().start();
      Outcome closed = closedLoop(api, pop, "send closed", "send-closed", duration);
      settle();
      JsonObject cost = MeshCpu.cost(sampler.stop(), closed.ok(), 1);
      deliveries.stop("send-closed");
      Progress.say("send closed: %,.0f msg/s  %s  CPU-ms per send %s", closed.throughput(), closed.latency().summary(),
          cost.getJsonObject("cpu_ms_per_op").encode());
      runs.add(closed.toJson().put("pushed_latency", pushed.toJson()).put("cost", cost));
      rates.add(closed.throughput());
    }
    JsonObject median = new JsonObject().put("per_second", Median.summary(rates));
    JsonObject cpuMedian = new JsonObject();
    for (String group : MeshCpu.COLUMNS) {
      List<Double> values = new ArrayList<>();
      for (JsonObject run : runs) {
        Double v = run.getJsonObject("cost").getJsonObject("cpu_ms_per_op").getDouble(group);
        if (v != null) {
          values.add(v);
        }
      }
      if (!values.isEmpty()) {
        cpuMedian.put(group, Median.summary(values));
      }
    }
    median.put("cpu_ms_per_send", cpuMedian);
    // the run nearest the median stands for the distributions (latency); the medians themselves are under "median"
    JsonArray summaries = new JsonArray();
    for (JsonObject run : runs) {
      JsonObject summary = run.copy();
      summary.remove("latency");
      summary.remove("pushed_latency");
      summaries.add(summary);
    }
    JsonObject closed = runs.get(Median.indexOfMedian(rates)).copy().put("runs", summaries).put("median", median);

    double top = Median.of(rates);
    double rate = Math.max(10, Math.floor(top * openFraction / 10) * 10);
    Progress.say("send: open loop at %.0f msg/s (%.0f%% of the closed-loop median), %d s", rate, openFraction * 100,
        duration.toSeconds());
    Latency pushedOpen = new Latency();
    deliveries.listen("send-open", (sent, received) -> pushedOpen.recordNanos(received - sent));
    CpuSampler sampler = cpu.get().start();
    Outcome open = OpenLoop.run("send open", rate, duration, 2000, (i, due) -> {
      int w = (int) (i % k);
      return api.send(pop.senders.get(w).token(), pop.pairChats.get(w), "hello " + Marker.stamp("send-open", due));
    });
    settle();
    JsonObject openCost = MeshCpu.cost(sampler.stop(), open.ok(), 1);
    deliveries.stop("send-open");
    Progress.say("send open: %,.0f msg/s  %s  CPU-ms per send %s", open.throughput(), open.latency().summary(),
        openCost.getJsonObject("cpu_ms_per_op").encode());

    return new JsonObject().put("agents", k).put("idle", idle).put("warmup", warmup).put("closed", closed)
        .put("open", open.toJson().put("target_per_second", rate).put("pushed_latency", pushedOpen.toJson())
            .put("cost", openCost));
  }

  private static Outcome closedLoop(TalkApi api, Population pop, String phase, String tag, Duration duration)
      throws InterruptedException {
    return ClosedLoop.run(phase, pop.senders.size(), duration, (w, start) ->
        api.send(pop.senders.get(w).token(), pop.pairChats.get(w), "hello " + Marker.stamp(tag, start)));
  }

  /** Lets the last pushes of a phase arrive before its listener goes (and their CPU into the phase's sample). */
  static void settle() throws InterruptedException {
    Thread.sleep(2000);
  }
}
