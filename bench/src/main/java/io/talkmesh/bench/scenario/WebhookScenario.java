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
import io.talkmesh.bench.mesh.Infra;
import io.talkmesh.bench.report.Report;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Webhooks (issue 17): how many deliveries a second webhook-service makes, and how long from an event's commit to the
 * receiver. N endpoints of the population's customer (created by its admin through {@code POST
 * /v1.0/webhook_endpoints}, every event type) point at {@link WebhookReceiver} in this JVM; messages are sent at a
 * steady rate into the pair chats, so every send is one event delivered to each endpoint. First, before any endpoint
 * exists, the same rate of plain sends; then the endpoints, a warm-up, and the measured window, after which the
 * deliveries of the window's events are awaited (up to a drain cap) and compared with the events talk-manager
 * committed in those chats: missing, duplicates, signature failures, out of order. Then the endpoints are deleted and,
 * past webhook-service's endpoint cache, the plain sends are measured again: both windows of plain sends together
 * give the CPU per 1,000 sends the ratios divide by.
 */
public final class WebhookScenario {
  /**
   * @param endpoints endpoints of the one customer; each receives every event
   * @param rate      messages sent per second (open loop), round robin over the pair chats
   * @param warmup    sends before each measured window, not measured
   * @param window    the measured window (of the plain sends too)
   * @param drain     after the window, how long its deliveries are awaited at most
   */
  public record Settings(int endpoints, double rate, Duration warmup, Duration window, Duration drain) {
    public static Settings full() {
      return new Settings(4, 100, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    public static Settings quick() {
      return new Settings(4, 40, Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15));
    }
  }

  private static final String TAG = "webhook";
  private static final String ENDPOINTS = "/v1.0/webhook_endpoints";
  /** Past webhook-service's endpoint cache ({@code TALK_WEBHOOK_ENDPOINT_CACHE_MS}, 5 s) after a change. */
  private static final Duration CACHE_WAIT = Duration.ofSeconds(6);

  private WebhookScenario() {
  }

  /** A failure ends the scenario with what was measured and an {@code "error"}; the endpoints are deleted either way. */
  public static JsonObject run(Vertx vertx, Infra infra, TalkApi api, Population pop, Deliveries deliveries, Settings settings,
                               Supplier<CpuSampler> cpu) throws InterruptedException {
    JsonObject result = new JsonObject().put("endpoints", settings.endpoints()).put("rate_per_second", settings.rate())
        .put("chats", pop.pairChats.size()).put("warmup_seconds", settings.warmup().toSeconds())
        .put("window_seconds", settings.window().toSeconds()).put("drain_cap_seconds", settings.drain().toSeconds())
        .put("load_average_at_start", Report.loadAverage());
    WebhookTally tally = new WebhookTally();
    WebhookReceiver receiver = null;
    List<String> created = new ArrayList<>();
    deliveries.listen(TAG, (sent, at) -> { });
    try {
      receiver = WebhookReceiver.start(vertx, settings.endpoints(), tally).await(10, TimeUnit.SECONDS);
      Progress.say("webhooks: baseline, %.0f plain sends/s over %d chats, no endpoint: %d s warm-up, %d s measured",
          settings.rate(), pop.pairChats.size(), settings.warmup().toSeconds(), settings.window().toSeconds());
      JsonObject before = plainSends(api, pop, settings, cpu, "before");

      for (int n = 0; n < settings.endpoints(); n++) {
        JsonObject endpoint = api.call(HttpMethod.POST, ENDPOINTS, pop.adminToken, new JsonObject().put("url", receiver.url(n))
            .put("description", "bench " + n)).await(30, TimeUnit.SECONDS);
        receiver.secret(n, endpoint.getString("secret"));
        created.add(endpoint.getString("id"));
      }
      Progress.say("webhooks: %d endpoints created; waiting for each to receive a delivery", settings.endpoints());
      result.put("endpoints_live_seconds", awaitLive(api, pop, tally, settings.endpoints()));
      send(api, pop, settings, "webhooks: warm-up", settings.warmup());

      Map<String, Long> seqAtStart = lastSeq(infra, pop.pairChats);
      tally.measure(seqAtStart);
      CpuSampler sampler = cpu.get().start();
      long windowStart = System.nanoTime();
      Outcome load = send(api, pop, settings, "webhooks: measured", settings.window());
      long target = load.ok() * settings.endpoints();
      long cap = System.nanoTime() + settings.drain().toNanos();
      while (tally.measured() < target && System.nanoTime() < cap) {
        Thread.sleep(20);
      }
      JsonObject used = sampler.stop();
      double drained = (System.nanoTime() - windowStart) / 1e9 - load.seconds();
      Thread.sleep(1000); // late duplicates
      long delivered = tally.measured();
      double span = tally.lastMeasuredNanos() > windowStart ? (tally.lastMeasuredNanos() - windowStart) / 1e9 : 0;
      JsonObject tallied = tally.toJson();
      JsonObject missing = tally.missing(eventsAfter(infra, seqAtStart), settings.endpoints());
      JsonObject cost = MeshCpu.cost(used, delivered, 1000);
      JsonObject perSend = MeshCpu.cost(used, load.ok(), 1000);
      result.put("sends", load.toJson())
          .put("deliveries", new JsonObject().put("expected", missing.getLong("expected")).put("delivered", delivered)
              .put("per_second", span > 0 ? Latency.round(delivered / span) : 0.0).put("span_seconds", Latency.round(span))
              .put("drain_seconds", Latency.round(Math.max(0, drained))).put("missing", missing.getLong("missing"))
              .put("missing_sample", missing.getJsonArray("sample")).put("duplicates", tallied.getLong("duplicates"))
              .put("signature_failures", tallied.getLong("signature_failures"))
              .put("event_id_mismatches", tallied.getLong("event_id_mismatches")).put("out_of_order", tallied.getLong("out_of_order"))
              .put("posts", tallied.getLong("posts")).put("other_events", tallied.getLong("other_events")))
          .put("latency", tallied.getJsonObject("committed_to_receipt"))
          .put("due_latency", tallied.getJsonObject("due_to_receipt"))
          .put("cost", cost).put("cost_per_send", perSend);
      Progress.say("webhooks: %,d of %,d deliveries (%.0f/s), %d missing, %d duplicates, %d bad signatures; commit → receipt %s;"
              + " webhook-service CPU-ms per 1,000 deliveries %s", delivered, missing.getLong("expected"),
          span > 0 ? delivered / span : 0, missing.getLong("missing"), tallied.getLong("duplicates"),
          tallied.getLong("signature_failures"), summary(result.getJsonObject("latency")),
          cost.getJsonObject("cpu_ms_per_op").getValue("webhook-service"));
      result.put("endpoints_deleted", delete(api, pop, created));
      created.clear();
      // webhook-service keeps a customer's endpoints for TALK_WEBHOOK_ENDPOINT_CACHE_MS (5 s, the bench keeps it)
      Thread.sleep(CACHE_WAIT.toMillis());
      long postsBefore = tally.toJson().getLong("posts");
      JsonObject after = plainSends(api, pop, settings, cpu, "after");
      after.put("posts_received", tally.toJson().getLong("posts") - postsBefore);
      // the mesh drifts (JIT, other work on the machine): the baseline is the windows before and after, added up
      JsonObject both = MeshCpu.add(MeshCpu.add(new JsonObject(), before.getJsonObject("cpu")), after.getJsonObject("cpu"));
      JsonObject baseCost = MeshCpu.cost(both, before.getLong("ok") + after.getLong("ok"), 1000);
      result.put("sends_without_endpoints", new JsonObject().put("cost", baseCost).put("before", strip(before)).put("after", strip(after)))
          .put("vs_sends", PresenceScenario.ratios(perSend.getJsonObject("cpu_ms_per_op"), baseCost.getJsonObject("cpu_ms_per_op")));
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      Progress.say("webhooks: stopped: %s", e);
      result.put("error", e.toString());
    } finally {
      if (!created.isEmpty()) {
        result.put("endpoints_deleted", delete(api, pop, created));
      }
      if (receiver != null) {
        receiver.close();
      }
      deliveries.stop(TAG);
    }
    return result.put("load_average_at_end", Report.loadAverage());
  }

  /**
   * The same sends with no endpoint: a warm-up, then the measured window and its settling; the outcome, its CPU sample
   * ({@code "cpu"}, for adding up) and its cost per 1,000 sends.
   */
  private static JsonObject plainSends(TalkApi api, Population pop, Settings settings, Supplier<CpuSampler> cpu, String when)
      throws InterruptedException {
    send(api, pop, settings, "webhooks: baseline " + when + ", warm-up", settings.warmup());
    CpuSampler sampler = cpu.get().start();
    Outcome base = send(api, pop, settings, "webhooks: baseline " + when, settings.window());
    SendScenario.settle();
    JsonObject used = sampler.stop();
    return base.toJson().put("cpu", used).put("cost", MeshCpu.cost(used, base.ok(), 1000));
  }

  private static JsonObject strip(JsonObject baseline) {
    JsonObject out = baseline.copy();
    out.remove("cpu");
    return out;
  }

  /** Deletes the endpoints, so that later scenarios' events are not POSTed: how many were (answered 200). */
  private static int delete(TalkApi api, Population pop, List<String> ids) throws InterruptedException {
    int deleted = 0;
    for (String id : ids) {
      try {
        TalkApi.Answer answer = api.exchange(HttpMethod.DELETE, ENDPOINTS + "/" + id, pop.adminToken, null)
            .await(30, TimeUnit.SECONDS);
        deleted += answer.status() == 200 ? 1 : 0;
      } catch (TimeoutException | RuntimeException e) {
        Progress.say("webhooks: deleting endpoint %s failed: %s", id, e);
      }
    }
    return deleted;
  }

  private static String summary(JsonObject latency) {
    return "p50 " + latency.getValue("p50_ms") + " ms p99 " + latency.getValue("p99_ms") + " ms max " + latency.getValue("max_ms") + " ms";
  }

  private static Outcome send(TalkApi api, Population pop, Settings settings, String phase, Duration duration)
      throws InterruptedException {
    int k = pop.pairChats.size();
    return OpenLoop.run(phase, settings.rate(), duration, 2000, (i, due) -> {
      int w = (int) (i % k);
      return api.send(pop.senders.get(w).token(), pop.pairChats.get(w), "webhook " + Marker.stamp(TAG, due));
    });
  }

  /**
   * One send a second until every endpoint has received a verified delivery (webhook-service keeps a customer's
   * endpoints for {@code TALK_WEBHOOK_ENDPOINT_CACHE_MS}, 5 s): the seconds it took. Fails after 60 s.
   */
  private static double awaitLive(TalkApi api, Population pop, WebhookTally tally, int endpoints) throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      boolean all = true;
      for (int n = 0; n < endpoints && all; n++) {
        all = tally.reached(n);
      }
      if (all) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        Progress.say("webhooks: every endpoint delivered to after %.1f s", seconds);
        return Latency.round(seconds);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not every endpoint received a delivery within 60 s: " + tally.toJson().encode());
      }
      api.send(pop.senders.get(0).token(), pop.pairChats.get(0), "webhook probe " + Marker.stamp(TAG, System.nanoTime()))
          .await(30, TimeUnit.SECONDS);
      Thread.sleep(1000);
    }
  }

  /** Each chat's highest event {@code seq} now (0 for a chat without events). */
  private static Map<String, Long> lastSeq(Infra infra, List<String> chats) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    chats.forEach(chat -> out.put(chat, 0L));
    try (Connection c = DriverManager.getConnection(infra.jdbcUrl());
         PreparedStatement q = c.prepareStatement("SELECT chat_id::text, max(seq) FROM talk_events"
             + " WHERE chat_id = ANY(?::uuid[]) GROUP BY chat_id")) {
      Array ids = c.createArrayOf("text", chats.toArray());
      q.setArray(1, ids);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  /** The ids of the events committed in these chats after each one's {@code seq} in {@code seqAtStart}. */
  private static List<String> eventsAfter(Infra infra, Map<String, Long> seqAtStart) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(infra.jdbcUrl());
         PreparedStatement q = c.prepareStatement("SELECT id::text FROM talk_events WHERE chat_id = ?::uuid AND seq > ?")) {
      for (Map.Entry<String, Long> chat : seqAtStart.entrySet()) {
        q.setString(1, chat.getKey());
        q.setLong(2, chat.getValue());
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
    }
    return ids;
  }
}
