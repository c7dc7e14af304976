package io.talkmesh.bench.scenario;

import io.talkmesh.bench.client.PushClient;
import io.talkmesh.bench.measure.Progress;
import io.talkmesh.bench.mesh.ProcessMemory;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 4, connections: idle authenticated sessions (optionally each subscribed to its agent's chats) held by one
 * push-service instance, opened in steps from several loopback source addresses; after each step, push-service's
 * live heap (after a full GC) and RSS, and what each session costs over the empty baseline.
 */
public final class ConnectionsScenario {
  private ConnectionsScenario() {
  }

  public static JsonObject run(PushClient push, Population pop, long pushPid, int target, int step, long budgetSeconds,
                               boolean subscribe)
      throws InterruptedException {
    long fdLimit = ProcessMemory.openFileLimit();
    if (fdLimit > 0 && target > fdLimit - 2000) {
      // both ends hold one descriptor per socket, and jcmd/jstat need a few in push-service to attach
      Progress.say("connections: the open-file limit is %,d per process: target lowered from %,d to %,d", fdLimit, target,
          fdLimit - 2000);
      target = (int) fdLimit - 2000;
      step = Math.min(step, (target + 2) / 3);
    }
    JsonObject empty = ProcessMemory.measure(pushPid);
    Progress.say("connections: push-service empty: heap %,d KiB, RSS %,d KiB; target %,d sessions from %s", empty.getLong("heap_used_bytes") / 1024,
        empty.getLong("rss_bytes") / 1024, target, push.sources());
    List<WebSocket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
    JsonArray steps = new JsonArray();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(budgetSeconds);
    String stopReason = "target reached";
    List<Population.BenchAgent> agents = new ArrayList<>(pop.members);
    agents.addAll(pop.receivers);
    try {
      while (sockets.size() < target) {
        if (System.nanoTime() > deadline) {
          stopReason = "time budget spent";
          break;
        }
        int n = Math.min(step, target - sockets.size());
        long t0 = System.nanoTime();
        int failed = open(push, agents, sockets, n, deadline, subscribe);
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonObject mem = ProcessMemory.measure(pushPid);
        int sessions = sockets.size();
        long heapPer = sessions == 0 ? 0 : (mem.getLong("heap_used_bytes") - empty.getLong("heap_used_bytes")) / sessions;
        long rssPer = sessions == 0 ? 0 : (mem.getLong("rss_bytes") - empty.getLong("rss_bytes")) / sessions;
        steps.add(new JsonObject().put("sessions", sessions).put("failed", failed)
            .put("open_per_second", Math.round((n - failed) / seconds))
            .mergeIn(mem).put("heap_bytes_per_session", heapPer).put("rss_bytes_per_session", rssPer));
        Progress.say("connections: %,d sessions (%,d failed, %.0f opened/s): heap %,d KiB (%,d B/session), RSS %,d KiB (%,d B/session)",
            sessions, failed, (n - failed) / seconds, mem.getLong("heap_used_bytes") / 1024, heapPer,
            mem.getLong("rss_bytes") / 1024, rssPer);
        if (failed > n / 100) {
          stopReason = "more than 1% of a step's sessions failed";
          break;
        }
      }
    } finally {
      FanoutScenario.closeAll(sockets);
    }
    JsonObject last = steps.isEmpty() ? new JsonObject() : steps.getJsonObject(steps.size() - 1);
    return new JsonObject().put("target", target).put("open_file_limit", fdLimit).put("subscribed", subscribe).put("sources", new JsonArray(push.sources())).put("stop_reason", stopReason)
        .put("empty", empty).put("steps", steps)
        .put("sessions", last.getInteger("sessions", 0))
        .put("heap_bytes_per_session", last.getLong("heap_bytes_per_session", 0L))
        .put("rss_bytes_per_session", last.getLong("rss_bytes_per_session", 0L));
  }

  private static int open(PushClient push, List<Population.BenchAgent> agents, List<WebSocket> sockets, int n, long deadline,
                          boolean subscribe)
      throws InterruptedException {
    Semaphore permits = new Semaphore(256);
    AtomicInteger failed = new AtomicInteger();
    int base = sockets.size();
    try (Progress progress = new Progress("open sessions", java.time.Duration.ZERO)) {
      for (int i = 0; i < n; i++) {
        permits.acquire();
        Population.BenchAgent agent = agents.get((base + i) % agents.size());
        Future<WebSocket> f;
        try {
          f = subscribe ? push.connectSubscribed(agent.token(), agent.id()) : push.connect(agent.token());
        } catch (RuntimeException e) {
          f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
          if (ar.succeeded()) {
            sockets.add(ar.result());
            progress.ok();
          } else {
            if (failed.incrementAndGet() <= 3) {
              Progress.say("  session failed: %s", ar.cause().getMessage());
            }
            progress.error();
          }
          permits.release();
        });
        if (failed.get() > Math.max(50, n / 20) || System.nanoTime() > deadline + TimeUnit.SECONDS.toNanos(30)) {
          failed.addAndGet(n - i - 1);
          break;
        }
      }
      permits.tryAcquire(256, 60, TimeUnit.SECONDS);
    }
    return failed.get();
  }
}
