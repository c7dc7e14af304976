package io.talkmesh.bench.scenario;

import io.talkmesh.bench.client.Deliveries;
import io.talkmesh.bench.client.Marker;
import io.talkmesh.bench.client.TalkApi;
import io.talkmesh.bench.load.ClosedLoop;
import io.talkmesh.bench.load.OpenLoop;
import io.talkmesh.bench.load.Outcome;
import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.Progress;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Scenario 1, send: K agents post messages to their chats over keep-alive HTTP/1.1 connections, closed loop (each
 * agent sends again as soon as it is answered: the maximum) then open loop at a fraction of that maximum. The
 * receivers' sockets are connected, so the whole pipeline runs; their receipt latency is reported too.
 */
public final class SendScenario {
  private SendScenario() {
  }

  public static JsonObject run(TalkApi api, Population pop, Deliveries deliveries, Duration duration, double openFraction)
      throws InterruptedException {
    int k = pop.senders.size();
    Progress.say("send: closed loop, %d agents, %d s", k, duration.toSeconds());
    Latency pushedClosed = new Latency();
    deliveries.listen("send-closed", (sent, received) -> pushedClosed.recordNanos(received - sent));
    Outcome closed = ClosedLoop.run("send closed", k, duration, (w, start) ->
        api.send(pop.senders.get(w).token(), pop.pairChats.get(w), "hello " + Marker.stamp("send-closed", start)));
    settle();
    deliveries.stop("send-closed");
    Progress.say("send closed: %,.0f msg/s  %s", closed.throughput(), closed.latency().summary());

    double rate = Math.max(10, Math.floor(closed.throughput() * openFraction / 10) * 10);
    Progress.say("send: open loop at %.0f msg/s (%.0f%% of the closed-loop maximum), %d s", rate, openFraction * 100,
        duration.toSeconds());
    Latency pushedOpen = new Latency();
    deliveries.listen("send-open", (sent, received) -> pushedOpen.recordNanos(received - sent));
    Outcome open = OpenLoop.run("send open", rate, duration, 2000, (i, due) -> {
      int w = (int) (i % k);
      return api.send(pop.senders.get(w).token(), pop.pairChats.get(w), "hello " + Marker.stamp("send-open", due));
    });
    settle();
    deliveries.stop("send-open");
    Progress.say("send open: %,.0f msg/s  %s", open.throughput(), open.latency().summary());

    return new JsonObject().put("agents", k)
        .put("closed", closed.toJson().put("pushed_latency", pushedClosed.toJson()))
        .put("open", open.toJson().put("target_per_second", rate).put("pushed_latency", pushedOpen.toJson()));
  }

  /** Lets the last pushes of a phase arrive before its listener goes. */
  static void settle() throws InterruptedException {
    Thread.sleep(2000);
  }
}
