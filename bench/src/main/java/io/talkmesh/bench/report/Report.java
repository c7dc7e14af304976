package io.talkmesh.bench.report;

import io.talkmesh.bench.measure.MeshCpu;
import io.talkmesh.bench.measure.Ratio;
import io.talkmesh.bench.scenario.PresenceFrames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A run's results: the ratios to the baselines, {@code results.json} and the plots. */
public final class Report {
  private Report() {
  }

  public static void write(JsonObject results, Path out) throws IOException {
    Files.writeString(out.resolve("results.json"), results.encodePrettily());
    JsonObject s = results.getJsonObject("scenarios");
    JsonObject b = results.getJsonObject("baselines");

    JsonObject send = s.getJsonObject("send");
    if (send != null) {
      Map<String, JsonObject> series = new LinkedHashMap<>();
      series.put("HTTP, closed loop", send.getJsonObject("closed").getJsonObject("latency"));
      series.put("HTTP, open loop", send.getJsonObject("open").getJsonObject("latency"));
      series.put("pushed, closed loop", send.getJsonObject("closed").getJsonObject("pushed_latency"));
      series.put("pushed, open loop", send.getJsonObject("open").getJsonObject("pushed_latency"));
      Charts.latency("send: POST /talk_messages", series, out.resolve("latency-send.png"));
      if (send.containsKey("warmup")) {
        Charts.warmup("send closed-loop warm-up", "send", send.getJsonObject("warmup"), out.resolve("warmup.png"));
      }
    }
    JsonObject e2e = s.getJsonObject("e2e");
    if (e2e != null) {
      Map<String, JsonObject> series = new LinkedHashMap<>();
      series.put("POST due → frame received", e2e.getJsonObject("latency"));
      series.put("POST (HTTP)", e2e.getJsonObject("http").getJsonObject("latency"));
      Charts.latency("e2e at " + e2e.getDouble("rate_per_second") + " msg/s", series, out.resolve("latency-e2e.png"));
    }
    JsonObject rpc = s.getJsonObject("rpc");
    JsonObject broker = b.getJsonObject("broker");
    if (rpc != null) {
      Map<String, JsonObject> series = new LinkedHashMap<>();
      for (String key : rpc.fieldNames()) {
        JsonObject c = rpc.getJsonObject(key);
        int n = c.getInteger("concurrency");
        series.put("talk-manager GET chat, c=" + n, c.getJsonObject("talk_manager_get_chat").getJsonObject("latency"));
        series.put("transport only, c=" + n, c.getJsonObject("transport").getJsonObject("latency"));
        if (broker != null && broker.containsKey("round_trip_" + key)) {
          series.put("raw broker, c=" + n, broker.getJsonObject("round_trip_" + key).getJsonObject("latency"));
        }
      }
      Charts.latency("rpc round trips", series, out.resolve("latency-rpc.png"));
    }
    JsonArray fanout = s.getJsonArray("fanout");
    JsonArray bare = b.getJsonArray("bare_broadcast");
    if (fanout != null) {
      Map<String, JsonObject> series = new LinkedHashMap<>();
      List<Integer> sizes = new ArrayList<>();
      List<Double> mesh = new ArrayList<>();
      List<Double> bareRates = new ArrayList<>();
      for (int i = 0; i < fanout.size(); i++) {
        JsonObject f = fanout.getJsonObject(i);
        sizes.add(f.getInteger("members"));
        mesh.add(f.getDouble("deliveries_per_second"));
        series.put("talk-mesh M=" + f.getInteger("members"), f.getJsonObject("latency"));
        if (bare != null && i < bare.size()) {
          bareRates.add(bare.getJsonObject(i).getDouble("deliveries_per_second"));
          series.put("bare M=" + f.getInteger("members"), bare.getJsonObject(i).getJsonObject("latency"));
        }
      }
      Charts.latency("fan-out: send → each member's frame", series, out.resolve("latency-fanout.png"));
      Map<String, List<? extends Number>> rates = new LinkedHashMap<>();
      rates.put("talk-mesh (push-service)", mesh);
      rates.put("bare Vert.x broadcast", bareRates);
      Charts.xy("fan-out deliveries/s vs channel members", "members M (log)", "deliveries/s", true, sizes, rates,
          out.resolve("fanout-throughput.png"));
    }
    Map<String, JsonObject> reads = new LinkedHashMap<>();
    JsonObject unread = s.getJsonObject("unread_list");
    if (unread != null) {
      for (Object o : unread.getJsonArray("sizes", new JsonArray())) {
        JsonObject size = (JsonObject) o;
        reads.put("unread list, " + size.getInteger("messages_per_chat") + " messages per chat",
            size.getJsonObject("list").getJsonObject("latency"));
      }
    }
    JsonObject search = s.getJsonObject("search");
    if (search != null) {
      for (Object o : search.getJsonArray("queries", new JsonArray())) {
        JsonObject q = (JsonObject) o;
        reads.put("search, " + q.getString("name"), q.getJsonObject("search").getJsonObject("latency"));
      }
    }
    if (!reads.isEmpty()) {
      Charts.latency("unread chat list (first page of 100) and search (page of 20)", reads, out.resolve("latency-read-search.png"));
    }
    JsonObject webhooks = s.getJsonObject("webhooks");
    if (webhooks != null && webhooks.containsKey("latency")) {
      Map<String, JsonObject> series = new LinkedHashMap<>();
      series.put("event committed → receiver", webhooks.getJsonObject("latency"));
      series.put("POST due → receiver", webhooks.getJsonObject("due_latency"));
      series.put("POST (HTTP)", webhooks.getJsonObject("sends").getJsonObject("latency"));
      Charts.latency("webhooks: " + webhooks.getInteger("endpoints") + " endpoints, " + webhooks.getDouble("rate_per_second")
          + " msg/s", series, out.resolve("latency-webhooks.png"));
    }
    JsonObject conn = s.getJsonObject("connections");
    if (conn != null && !conn.getJsonArray("steps").isEmpty()) {
      List<Integer> sessions = new ArrayList<>(List.of(0));
      List<Double> heap = new ArrayList<>(List.of(conn.getJsonObject("empty").getLong("heap_used_bytes") / 1048576.0));
      List<Double> rss = new ArrayList<>(List.of(conn.getJsonObject("empty").getLong("rss_bytes") / 1048576.0));
      for (Object o : conn.getJsonArray("steps")) {
        JsonObject st = (JsonObject) o;
        sessions.add(st.getInteger("sessions"));
        heap.add(st.getLong("heap_used_bytes") / 1048576.0);
        rss.add(st.getLong("rss_bytes") / 1048576.0);
      }
      Map<String, List<? extends Number>> mem = new LinkedHashMap<>();
      mem.put("live heap after GC (MiB)", heap);
      mem.put("RSS (MiB)", rss);
      Charts.xy("push-service memory vs idle sessions", "sessions", "MiB", false, sessions, mem,
          out.resolve("connections-memory.png"));
    }
  }

  /** Each scenario's figure over its baseline (throughputs; higher is better, 1.0 = the limit). */
  public static JsonArray ratios(JsonObject results) {
    List<Ratio> ratios = new ArrayList<>();
    JsonObject s = results.getJsonObject("scenarios");
    JsonObject b = results.getJsonObject("baselines");
    JsonObject pg = b.getJsonObject("postgres");
    JsonObject send = s.getJsonObject("send");
    if (send != null && pg != null) {
      double sent = sendPerSecond(send);
      ratios.add(new Ratio("send, closed loop, median (msg/s) ÷ INSERT+COMMIT", "send", sent,
          "pgbench single-row INSERT+COMMIT tx/s, " + pg.getInteger("connections") + " connections",
          pg.getJsonObject("insert_commit").getDouble("tx_per_second")));
      ratios.add(new Ratio("send, closed loop, median (msg/s) ÷ send-shaped transaction", "send", sent,
          "pgbench lock+bump chat, insert message, insert event, commit tx/s",
          pg.getJsonObject("send_shaped").getDouble("tx_per_second")));
    }
    JsonObject rpc = s.getJsonObject("rpc");
    JsonObject broker = b.getJsonObject("broker");
    if (rpc != null && broker != null) {
      for (String key : rpc.fieldNames()) {
        JsonObject c = rpc.getJsonObject(key);
        JsonObject raw = broker.getJsonObject("round_trip_" + key);
        double limit = raw == null ? 0 : raw.getDouble("per_second");
        String base = "raw amqp-client request/reply round trips/s, " + c.getInteger("concurrency") + " in flight";
        ratios.add(new Ratio("rpc via talk-manager GET chat, c=" + c.getInteger("concurrency") + " (/s) ÷ broker round trips",
            "rpc", c.getJsonObject("talk_manager_get_chat").getDouble("per_second"), base, limit));
        ratios.add(new Ratio("rpc transport only, c=" + c.getInteger("concurrency") + " (/s) ÷ broker round trips",
            "rpc", c.getJsonObject("transport").getDouble("per_second"), base, limit));
      }
    }
    JsonArray fanout = s.getJsonArray("fanout");
    JsonArray bare = b.getJsonArray("bare_broadcast");
    if (fanout != null && bare != null) {
      for (int i = 0; i < fanout.size() && i < bare.size(); i++) {
        JsonObject f = fanout.getJsonObject(i);
        ratios.add(new Ratio("fan-out M=" + f.getInteger("members") + " (deliveries/s) ÷ bare broadcast", "fanout",
            f.getDouble("deliveries_per_second"), "bare Vert.x WebSocket broadcast deliveries/s, same M and frames",
            bare.getJsonObject(i).getDouble("deliveries_per_second")));
      }
    }
    JsonObject big = s.getJsonObject("big_customer");
    JsonObject bigSummary = big == null ? null : big.getJsonObject("summary");
    if (bigSummary != null && bigSummary.containsKey("base")) {
      // lower is better here: the limits are the 0-idle step and the messages sent, the targets are in the names
      JsonObject base = bigSummary.getJsonObject("base");
      for (String key : List.of("one_instance", "two_instances")) {
        JsonObject step = bigSummary.getJsonObject(key);
        if (step == null) {
          continue;
        }
        String where = key.equals("one_instance") ? "on the receivers' instance" : "on a second instance";
        ratios.add(new Ratio("big customer: push CPU-µs per delivered message, " + step.getInteger("idle_sessions")
            + " idle sessions " + where + " (target ≤ 1.3)", "big_customer", step.getDouble("cpu_us_per_delivery"),
            "the same with 0 idle sessions", base.getDouble("cpu_us_per_delivery")));
        ratios.add(new Ratio("big customer: e2e p99 (µs), " + step.getInteger("idle_sessions") + " idle sessions " + where
            + " (target ≤ 2)", "big_customer", step.getDouble("p99_ms") * 1000, "the same with 0 idle sessions",
            base.getDouble("p99_ms") * 1000));
      }
      JsonObject two = bigSummary.getJsonObject("two_instances");
      if (two != null) {
        ratios.add(new Ratio("big customer: events consumed by the instance with no member of the chats (target ≤ 0.05)",
            "big_customer", two.getLong("events_no_member_instance"), "messages sent in the window", two.getLong("sent")));
      }
    }
    JsonObject presence = s.getJsonObject("presence");
    if (presence != null && presence.containsKey("vs_sends")) {
      // lower is better: a presence change against a plain send at the same rate, beside the same open sessions
      String what = "presence, " + String.format(Locale.ROOT, "%,d", presence.getInteger("agents")) + " subscribers: ";
      String base = "plain sends in a two-agent chat at the same rate, per 1,000";
      JsonObject perChange = presence.getJsonObject("cost").getJsonObject("cpu_ms_per_op");
      JsonObject perSend = presence.getJsonObject("sends").getJsonObject("cost").getJsonObject("cpu_ms_per_op");
      ratios.add(new Ratio(what + "path CPU-ms per 1,000 changes", "presence", perChange.getDouble(MeshCpu.PATH), base,
          perSend.getDouble(MeshCpu.PATH)));
      ratios.add(new Ratio(what + "push-service CPU-ms per 1,000 changes", "presence", perChange.getDouble("push-service"), base,
          perSend.getDouble("push-service")));
      JsonObject aboveChange = presence.getJsonObject("cost_above_idle");
      JsonObject aboveSend = presence.getJsonObject("sends").getJsonObject("cost_above_idle");
      if (aboveChange != null && aboveSend != null && aboveChange.containsKey(MeshCpu.PATH)) {
        ratios.add(new Ratio(what + "path CPU-ms per 1,000 changes above idle", "presence", aboveChange.getDouble(MeshCpu.PATH),
            base + ", above idle", aboveSend.getDouble(MeshCpu.PATH)));
      }
    }
    JsonObject webhooks = s.getJsonObject("webhooks");
    if (webhooks != null && webhooks.containsKey("vs_sends")) {
      // lower is better: the same sends with every event also POSTed to the endpoints, against them without endpoints
      String what = "webhooks, " + webhooks.getInteger("endpoints") + " endpoints: path CPU-ms per 1,000 sends";
      ratios.add(new Ratio(what, "webhooks", webhooks.getJsonObject("cost_per_send").getJsonObject("cpu_ms_per_op").getDouble(MeshCpu.PATH),
          "the same sends without endpoints, per 1,000",
          webhooks.getJsonObject("sends_without_endpoints").getJsonObject("cost").getJsonObject("cpu_ms_per_op").getDouble(MeshCpu.PATH)));
    }
    JsonObject unread = s.getJsonObject("unread_list");
    JsonArray sizes = unread == null ? new JsonArray() : unread.getJsonArray("sizes", new JsonArray());
    if (sizes.size() > 1) {
      // lower is better, 1 the goal: the list's cost must not grow with the messages in the chats. The turns with the
      // twin (both sides in the same stretch of time) are the comparison; without them, the sizes one after the other
      JsonObject turns = unread.getJsonObject("interleaved");
      JsonArray compared = turns == null ? new JsonArray().add(sizes.getJsonObject(sizes.size() - 1)).add(sizes.getJsonObject(0))
          : turns.getJsonArray("sizes");
      JsonObject large = compared.getJsonObject(0);
      JsonObject small = compared.getJsonObject(1);
      String what = "unread list of " + unread.getInteger("page_size") + " chats, " + String.format(Locale.ROOT, "%,d", unread.getInteger("chats"))
          + " chats × " + String.format(Locale.ROOT, "%,d", large.getInteger("messages_per_chat")) + " messages";
      String baseline = turns == null ? "the same chats with " + small.getInteger("messages_per_chat") + " messages each, before"
          : "a twin's " + small.getInteger("messages_per_chat") + "-message chats, in turns with them";
      ratios.add(new Ratio(what + ": p50 (µs) (1 = no growth)", "unread_list",
          large.getJsonObject("list").getJsonObject("latency").getDouble("p50_ms") * 1000, baseline,
          small.getJsonObject("list").getJsonObject("latency").getDouble("p50_ms") * 1000));
      ratios.add(new Ratio(what + ": path CPU-µs per list (1 = no growth)", "unread_list",
          large.getJsonObject("list").getJsonObject("cost").getJsonObject("cpu_ms_per_op").getDouble(MeshCpu.PATH) * 1000, baseline,
          small.getJsonObject("list").getJsonObject("cost").getJsonObject("cpu_ms_per_op").getDouble(MeshCpu.PATH) * 1000));
    }
    JsonArray array = new JsonArray();
    ratios.forEach(r -> array.add(r.toJson()));
    return array;
  }

  /** The headline send rate: the median of the closed-loop runs (a run of its own before repetitions existed). */
  static double sendPerSecond(JsonObject send) {
    JsonObject closed = send.getJsonObject("closed");
    JsonObject median = closed.getJsonObject("median");
    return median == null ? closed.getDouble("per_second") : median.getJsonObject("per_second").getDouble("median");
  }

  /**
   * Issue 12's cost and ratio targets, each {@code {"name", "measured", "target", "at_most", "met", "detail"}}:
   * {@code at_most} true means measured ≤ target is met, false means measured ≥ target. A target whose figures are
   * missing (a phase that did not run) is left out.
   */
  public static JsonArray targets(JsonObject results) {
    JsonArray out = new JsonArray();
    JsonObject s = results.getJsonObject("scenarios");
    JsonObject b = results.getJsonObject("baselines");
    JsonObject send = s.getJsonObject("send");
    JsonObject pg = b.getJsonObject("postgres");
    JsonObject perSend = send == null || !send.getJsonObject("closed").containsKey("median") ? null
        : send.getJsonObject("closed").getJsonObject("median").getJsonObject("cpu_ms_per_send");
    if (perSend != null && perSend.containsKey(MeshCpu.PATH)) {
      target(out, "CPU per accepted send, services + PostgreSQL + RabbitMQ (ms)",
          perSend.getJsonObject(MeshCpu.PATH).getDouble("median"), 1.5, true,
          "median of the closed-loop runs; the load generator apart");
    }
    JsonObject shaped = pg == null ? null : pg.getJsonObject("send_shaped");
    Double pgPerTx = shaped == null || !shaped.containsKey("median") ? null
        : shaped.getJsonObject("median").getJsonObject("postgres_cpu_ms_per_tx").getDouble("median");
    if (perSend != null && perSend.containsKey(MeshCpu.POSTGRES) && pgPerTx != null && pgPerTx > 0) {
      double share = perSend.getJsonObject(MeshCpu.POSTGRES).getDouble("median");
      String detail = String.format(Locale.ROOT, "%.3f ms ÷ %.3f ms", share, pgPerTx);
      JsonObject sendBackends = perSend.getJsonObject(MeshCpu.POSTGRES_BACKENDS);
      JsonObject txBackends = shaped.getJsonObject("median").getJsonObject("postgres_backends_cpu_ms_per_tx");
      if (sendBackends != null && txBackends != null && txBackends.getValue("median") != null
          && txBackends.getDouble("median") > 0) {
        detail += String.format(Locale.ROOT, "; this database's backends only: %.3f ms ÷ %.3f ms = %.2f",
            sendBackends.getDouble("median"), txBackends.getDouble("median"),
            sendBackends.getDouble("median") / txBackends.getDouble("median"));
      }
      target(out, "PostgreSQL CPU per send ÷ PostgreSQL CPU per send-shaped pgbench transaction", share / pgPerTx, 1.3,
          true, detail);
    }
    if (send != null && shaped != null) {
      double rate = sendPerSecond(send);
      double limit = shaped.getDouble("tx_per_second");
      target(out, "send, closed loop ÷ send-shaped pgbench rate", limit > 0 ? rate / limit : Double.NaN, 0.5, false,
          String.format(Locale.ROOT, "%.0f msg/s ÷ %.0f tx/s (medians)", rate, limit));
    }
    JsonObject rpc = s.getJsonObject("rpc");
    JsonObject broker = b.getJsonObject("broker");
    if (rpc != null && broker != null && !rpc.isEmpty()) {
      // the issue sets these at 32 in flight; a quick run's highest concurrency stands in
      String key = rpc.containsKey("c32") ? "c32" : rpc.fieldNames().stream()
          .max((x, y) -> Integer.compare(rpc.getJsonObject(x).getInteger("concurrency"), rpc.getJsonObject(y).getInteger("concurrency")))
          .orElseThrow();
      JsonObject c = rpc.getJsonObject(key);
      JsonObject raw = broker.getJsonObject("round_trip_" + key);
      if (raw != null && raw.getDouble("per_second") > 0) {
        double limit = raw.getDouble("per_second");
        String at = c.getInteger("concurrency") + " in flight";
        target(out, "rpc via talk-manager ÷ raw request/reply, " + at,
            c.getJsonObject("talk_manager_get_chat").getDouble("per_second") / limit, 0.6, false, "target set at 32 in flight");
        target(out, "rpc transport only ÷ raw request/reply, " + at,
            c.getJsonObject("transport").getDouble("per_second") / limit, 0.9, false, "target set at 32 in flight");
      }
    }
    JsonArray fanout = s.getJsonArray("fanout");
    JsonArray bare = b.getJsonArray("bare_broadcast");
    if (fanout != null && bare != null && !fanout.isEmpty()) {
      Map<Integer, Double> goals = new LinkedHashMap<>();
      goals.put(100, 0.7);
      goals.put(1000, 0.8);
      List<Integer> used = new ArrayList<>();
      for (Map.Entry<Integer, Double> goal : goals.entrySet()) {
        int best = -1;
        for (int i = 0; i < fanout.size() && i < bare.size(); i++) {
          int m = fanout.getJsonObject(i).getInteger("members");
          if (!used.contains(i) && (best < 0 || Math.abs(Math.log((double) m / goal.getKey()))
              < Math.abs(Math.log((double) fanout.getJsonObject(best).getInteger("members") / goal.getKey())))) {
            best = i;
          }
        }
        if (best < 0) {
          continue;
        }
        used.add(best);
        JsonObject f = fanout.getJsonObject(best);
        double limit = bare.getJsonObject(best).getDouble("deliveries_per_second");
        int m = f.getInteger("members");
        target(out, "fan-out ÷ bare broadcast, M=" + m, limit > 0 ? f.getDouble("deliveries_per_second") / limit : Double.NaN,
            goal.getValue(), false, m == goal.getKey() ? "deliveries/s" : "target set at M=" + goal.getKey() + ", measured at M=" + m);
      }
    }
    JsonObject presence = s.getJsonObject("presence");
    JsonObject perSubscriber = presence == null || !presence.containsKey("frames") ? null
        : presence.getJsonObject("frames").getJsonObject("per_subscriber");
    if (perSubscriber != null && perSubscriber.getValue("frames_per_second_max") != null) {
      target(out, "presence frames per subscriber per second, the busiest subscriber", perSubscriber.getDouble("frames_per_second_max"),
          1.0, true, String.format(Locale.ROOT, "%,d subscribers connected throughout, mean %s/s, at most %d frames in %d s; "
              + "(frames − 1) ÷ window, full frames (%d entries) apart", presence.getJsonObject("frames").getLong("steady_subscribers"),
              perSubscriber.getValue("frames_per_second_mean"), perSubscriber.getLong("frames_max"), presence.getLong("window_seconds"),
              PresenceFrames.MAX_ENTRIES));
    }
    return out;
  }

  private static void target(JsonArray out, String name, double measured, double target, boolean atMost, String detail) {
    boolean known = !Double.isNaN(measured) && !Double.isInfinite(measured);
    out.add(new JsonObject().put("name", name).put("measured", known ? MeshCpu.round3(measured) : null)
        .put("target", target).put("at_most", atMost)
        .put("met", known ? (atMost ? measured <= target : measured >= target) : null).put("detail", detail));
  }

  /** The 1, 5 and 15-minute load averages: other work on the machine shows here. */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** CPU model, cores, memory and OS of this machine. */
  public static JsonObject machine() {
    String cpu = "unknown";
    String memory = "unknown";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
      memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .findFirst().map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0)).orElse(memory);
    } catch (IOException | RuntimeException e) {
      // not Linux: keep "unknown"
    }
    return new JsonObject().put("load_average_at_start", loadAverage()).put("cpu", cpu).put("cores", Runtime.getRuntime().availableProcessors()).put("memory", memory)
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
  }
}
