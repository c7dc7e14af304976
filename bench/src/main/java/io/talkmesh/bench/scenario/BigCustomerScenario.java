package io.talkmesh.bench.scenario;

import io.talkmesh.bench.client.Deliveries;
import io.talkmesh.bench.client.Marker;
import io.talkmesh.bench.client.PushClient;
import io.talkmesh.bench.client.PushStats;
import io.talkmesh.bench.client.TalkApi;
import io.talkmesh.bench.load.Batches;
import io.talkmesh.bench.load.OpenLoop;
import io.talkmesh.bench.load.Outcome;
import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.Progress;
import io.talkmesh.bench.mesh.Infra;
import io.talkmesh.bench.mesh.Mesh;
import io.talkmesh.bench.mesh.ProcessMemory;
import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.report.Charts;
import io.talkmesh.common.auth.Jwt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * The big customer (issue 12, item 3): does a customer's crowd of connected agents who take no part in a
 * conversation make that conversation dearer? Direct chats of a sender and a receiver carry a fixed open-loop message
 * rate; the receivers hold {@code agent_id:<self>:chat} on push-service instance 1. Beside them, idle agents of the
 * same customer (members of none of those chats) hold the same topic for themselves, 0, then more and more of them
 * on instance 1, and finally the largest number on a second instance. Each step measures, over the same window, push
 * CPU (from {@code /proc}) per delivered message, e2e latency (POST due → receiver's frame) and the events each
 * instance consumed ({@code /stats}). The targets: CPU per delivery ≤ 1.3× and e2e p99 ≤ 2× the 0-idle step, and an
 * instance with no member of the chats consumes ≤ 5 % of their events.
 * <p>
 * Limits met on the way to 16,000 sessions from one host: one session per idle agent, so the per-agent cap
 * ({@code TALK_WS_MAX_SESSIONS_PER_AGENT}, which {@link Mesh} lifts anyway) does not bind; push-service has no
 * per-address limit; the client sockets are spread over the plan's loopback source addresses (ephemeral ports); the
 * open-file limit of each process (one descriptor per socket at each end) caps the idle sessions, reported when it
 * does.
 */
public final class BigCustomerScenario {
  public static final double CPU_TARGET = 1.3;
  public static final double P99_TARGET = 2.0;
  public static final double CONSUMED_TARGET = 0.05;
  /** Where the plot goes, beside results.json. */
  public static final String PLOT = "big-customer.png";

  /**
   * How big and how long.
   *
   * @param chats      direct chats, each a sender and a receiver
   * @param rate       messages/s over all chats, open loop
   * @param idleSteps  idle sessions on the receivers' instance, step by step (the first is normally 0, the baseline)
   * @param warmup     traffic before each measured window, not measured (three times as long before the first)
   * @param window     each measured window; as long as push-service's ping interval (20 s) in full mode, so that
   *                   each window holds one ping round of the open sessions; quick windows may hold one or none
   */
  public record Settings(int chats, double rate, List<Integer> idleSteps, Duration warmup, Duration window) {
    public static Settings full() {
      return new Settings(100, 100, List.of(0, 1_000, 4_000, 16_000), Duration.ofSeconds(3), Duration.ofSeconds(20));
    }

    public static Settings quick() {
      return new Settings(10, 20, List.of(0, 200, 1_000), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    /** The agents of the big customer: the chats' senders and receivers and the largest number of idle agents. */
    public int agents() {
      return 2 * chats + idleSteps.stream().mapToInt(Integer::intValue).max().orElse(0);
    }
  }

  private final TalkApi api;
  private final Deliveries deliveries;
  private final Settings settings;
  private final List<Population.BenchAgent> senders;
  private final List<String> chatIds;

  private BigCustomerScenario(TalkApi api, Deliveries deliveries, Settings settings, List<Population.BenchAgent> senders,
                              List<String> chatIds) {
    this.api = api;
    this.deliveries = deliveries;
    this.settings = settings;
    this.senders = senders;
    this.chatIds = chatIds;
  }

  /**
   * Seeds the agents (copies of a population receiver), creates the direct chats, runs the steps and writes the plot
   * into {@code out}. A failure ends the scenario with what was measured so far and an {@code "error"}, so the rest
   * of the bench still runs; the second instance and every socket opened here are gone when it returns.
   *
   * @param push            the client of the mesh's first push-service instance
   * @param sourceAddresses loopback source addresses of the second instance's client
   */
  public static JsonObject run(Vertx vertx, Mesh mesh, Infra infra, TalkApi api, PushClient push, Population pop,
                               Deliveries deliveries, Settings settings, int sourceAddresses, Path out)
      throws InterruptedException {
    int maxIdle = settings.idleSteps().stream().mapToInt(Integer::intValue).max().orElse(0);
    long fdLimit = ProcessMemory.openFileLimit();
    List<Integer> idleSteps = settings.idleSteps();
    if (fdLimit > 0 && maxIdle > fdLimit - 2000 - 2L * settings.chats()) {
      // one descriptor per socket at each end, and the bench's HTTP pool and jars need a few
      int cap = (int) (fdLimit - 2000 - 2L * settings.chats());
      Progress.say("big customer: the open-file limit is %,d per process: idle sessions capped at %,d", fdLimit, cap);
      idleSteps = idleSteps.stream().map(n -> Math.min(n, cap)).distinct().toList();
      maxIdle = cap;
    }
    JsonArray steps = new JsonArray();
    JsonObject result = new JsonObject().put("chats", settings.chats()).put("rate_per_second", settings.rate())
        .put("idle_steps", new JsonArray(idleSteps)).put("warmup_seconds", settings.warmup().toSeconds())
        .put("window_seconds", settings.window().toSeconds())
        .put("ping_interval_ms", Long.parseLong(mesh.env().getOrDefault("TALK_WS_PING_MS", "20000")))
        .put("open_file_limit", fdLimit).put("sources", new JsonArray(push.sources()))
        .put("targets", new JsonObject().put("cpu_per_delivery_ratio", CPU_TARGET).put("p99_ratio", P99_TARGET)
            .put("consumed_fraction", CONSUMED_TARGET))
        .put("steps", steps);
    List<WebSocket> receiverSockets = new ArrayList<>();
    List<WebSocket> idleSockets = new ArrayList<>();
    PushClient secondClient = null;
    try {
      int chats = settings.chats();
      Jwt jwt = new Jwt(vertx, mesh.jwtSecret(), 86400);
      long t0 = System.nanoTime();
      List<Population.BenchAgent> agents = SeededAgents.seed(infra, jwt, pop.receivers.get(0).id(), "big-", 2 * chats + maxIdle);
      Progress.say("big customer: seeded %,d agents of the population's customer in %.1f s", agents.size(),
          (System.nanoTime() - t0) / 1e9);
      List<Population.BenchAgent> senders = agents.subList(0, chats);
      List<Population.BenchAgent> receivers = agents.subList(chats, 2 * chats);
      List<Population.BenchAgent> idle = agents.subList(2 * chats, agents.size());
      List<String> chatIds = Batches.run("create direct chats", chats, 8, i -> api.createChat(senders.get(i).token(),
          "direct", "big-" + i, List.of(receivers.get(i).id())).map(chat -> chat.getString("id")));
      receiverSockets.addAll(Batches.run("connect receivers", chats, 16, i -> connect(push, receivers.get(i), 3)));
      BigCustomerScenario scenario = new BigCustomerScenario(api, deliveries, settings, senders, chatIds);

      Mesh.PushInstance first = mesh.push();
      for (int n : idleSteps) {
        double opening = open(push, idle, idleSockets, n);
        steps.add(scenario.measure(steps.size(), n, first.name(), List.of(first)).put("open_seconds", opening));
      }
      FanoutScenario.closeAll(idleSockets);

      Mesh.PushInstance second = mesh.startSecondPush();
      secondClient = new PushClient(vertx, second.wsPort(), sourceAddresses, deliveries);
      double opening = open(secondClient, idle, idleSockets, maxIdle);
      steps.add(scenario.measure(steps.size(), maxIdle, second.name(), List.of(first, second)).put("open_seconds", opening));
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      Progress.say("big customer: stopped after %d steps: %s", steps.size(), e);
      result.put("error", e.toString());
    } finally {
      FanoutScenario.closeAll(idleSockets);
      FanoutScenario.closeAll(receiverSockets);
      if (secondClient != null) {
        try {
          secondClient.close().await(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          Progress.say("big customer: the second instance's client did not close within 10 s");
        }
      }
      mesh.stopSecondPush();
    }
    result.put("summary", summary(steps));
    plot(steps, out.resolve(PLOT));
    return result;
  }

  /**
   * One step: a warm-up, then the measured window. Push CPU is taken over the window's sending time exactly, so a
   * window as long as the ping interval ({@code TALK_WS_PING_MS}: every session is pinged at once) holds one ping
   * round; the counters and the frames include one more second for the window's last messages.
   *
   * @param idleOn    the instance holding the idle sessions
   * @param instances every push-service instance running, the receivers' first
   */
  private JsonObject measure(int index, int idle, String idleOn, List<Mesh.PushInstance> instances) throws Exception {
    String tag = "big-" + index;
    // the first step is the chats' first traffic: a cold start there would flatter every ratio to it
    Duration warmup = index == 0 ? settings.warmup().multipliedBy(3) : settings.warmup();
    Progress.say("big customer: %,d idle sessions on %s: %d s warm-up, %d s at %.0f msg/s", idle, idleOn,
        warmup.toSeconds(), settings.window().toSeconds(), settings.rate());
    deliveries.listen(tag + "-warm", (sent, at) -> { });
    OpenLoop.run("big warm-up", settings.rate(), warmup, 2000, send(tag + "-warm"));

    Map<String, JsonObject> before = stats(instances);
    Latency e2e = new Latency();
    LongAdder received = new LongAdder();
    deliveries.listen(tag, (sent, at) -> {
      e2e.recordNanos(at - sent);
      received.increment();
    });
    CpuSampler window = sampler(instances).start();
    Outcome http = OpenLoop.run("big " + idle + " idle", settings.rate(), settings.window(), 2000, send(tag));
    JsonObject cpuUsed = window.stop();
    Thread.sleep(1000);
    Map<String, JsonObject> after = stats(instances);
    deliveries.stop(tag);
    deliveries.stop(tag + "-warm");

    long delivered = received.sum();
    double cpuTotal = 0;
    JsonArray perInstance = new JsonArray();
    for (Mesh.PushInstance instance : instances) {
      String name = instance.name();
      double cpu = cpuUsed.getDouble(name);
      long events = after.get(name).getLong("events") - before.get(name).getLong("events");
      cpuTotal += cpu;
      perInstance.add(new JsonObject().put("name", name).put("sessions", after.get(name).getInteger("sessions"))
          .put("bindings", after.get(name).getInteger("bindings")).put("cpu_seconds", cpu)
          .put("cpu_us_per_delivery", perDelivery(cpu, delivered))
          .put("events", events)
          .put("deliveries", after.get(name).getLong("deliveries") - before.get(name).getLong("deliveries"))
          .put("events_per_message", http.ok() > 0 ? Latency.round((double) events / http.ok()) : null));
    }
    JsonObject step = new JsonObject().put("idle_sessions", idle).put("idle_on", idleOn)
        .put("instances_running", instances.size()).put("sent", http.ok()).put("http_errors", http.errors())
        .put("dropped", http.dropped()).put("delivered", delivered).put("cpu_seconds", CpuSampler.round(cpuTotal))
        .put("cpu_wall_seconds", cpuUsed.getDouble("wall_seconds"))
        .put("cpu_us_per_delivery", perDelivery(cpuTotal, delivered))
        .put("latency", e2e.toJson()).put("http_latency", http.latency().toJson()).put("instances", perInstance);
    Progress.say("big customer: %,d idle on %s: %,d/%,d delivered, push CPU %.0f µs/delivery, e2e %s", idle, idleOn,
        delivered, http.ok(), step.getDouble("cpu_us_per_delivery", 0.0), e2e.summary());
    for (Object o : perInstance) {
      JsonObject x = (JsonObject) o;
      Progress.say("big customer:   %s: %,d sessions, %,d events consumed (%s per message), %,d deliveries, %.2f CPU-s",
          x.getString("name"), x.getInteger("sessions"), x.getLong("events"), x.getValue("events_per_message"),
          x.getLong("deliveries"), x.getDouble("cpu_seconds"));
    }
    return step;
  }

  private BiFunction<Long, Long, Future<?>> send(String tag) {
    return (i, due) -> {
      int w = (int) (i % senders.size());
      return api.send(senders.get(w).token(), chatIds.get(w), "big " + Marker.stamp(tag, due));
    };
  }

  private static CpuSampler sampler(List<Mesh.PushInstance> instances) {
    CpuSampler sampler = new CpuSampler();
    for (Mesh.PushInstance instance : instances) {
      sampler.group(instance.name(), () -> List.of(instance.pid()));
    }
    return sampler;
  }

  private static Map<String, JsonObject> stats(List<Mesh.PushInstance> instances) throws Exception {
    Map<String, JsonObject> stats = new LinkedHashMap<>();
    for (Mesh.PushInstance instance : instances) {
      stats.put(instance.name(), PushStats.read(instance.statsUrl()));
    }
    return stats;
  }

  private static Double perDelivery(double cpuSeconds, long delivered) {
    return delivered > 0 ? Latency.round(cpuSeconds * 1e6 / delivered) : null;
  }

  /** Opens idle sessions until {@code into} holds {@code upTo}; answers the seconds it took. */
  private static double open(PushClient client, List<Population.BenchAgent> idle, List<WebSocket> into, int upTo)
      throws InterruptedException {
    int from = into.size();
    if (upTo <= from) {
      return 0;
    }
    long t0 = System.nanoTime();
    into.addAll(Batches.run("connect idle", upTo - from, 256, i -> connect(client, idle.get(from + i), 3)));
    double seconds = (System.nanoTime() - t0) / 1e9;
    Progress.say("big customer: %,d idle sessions open (%,d in %.1f s, %,.0f/s)", into.size(), upTo - from, seconds,
        (upTo - from) / seconds);
    // the instance's work of the opening (subscriptions, their garbage) stays out of the next window
    Thread.sleep(2000);
    return Latency.round(seconds);
  }

  /** A subscribed session; a refused or timed-out attempt is retried (a crowded 2-core machine drops a few). */
  private static Future<WebSocket> connect(PushClient client, Population.BenchAgent agent, int attempts) {
    return client.connectSubscribed(agent.token(), agent.id())
        .recover(err -> attempts > 1 ? connect(client, agent, attempts - 1) : Future.failedFuture(err));
  }

  /**
   * The figures against the targets: the largest step on the receivers' instance and the step with the idle sessions
   * on the second instance, each over the 0-idle step.
   */
  static JsonObject summary(JsonArray steps) {
    JsonObject summary = new JsonObject();
    JsonObject base = null;
    JsonObject one = null;
    JsonObject two = null;
    for (Object o : steps) {
      JsonObject s = (JsonObject) o;
      if (s.getInteger("instances_running") == 1) {
        if (base == null && s.getInteger("idle_sessions") == 0) {
          base = s;
        } else if (one == null || s.getInteger("idle_sessions") >= one.getInteger("idle_sessions")) {
          one = s;
        }
      } else {
        two = s;
      }
    }
    if (base == null) {
      return summary;
    }
    for (Object o : steps) {
      JsonObject s = (JsonObject) o;
      s.put("cpu_ratio", ratio(s.getDouble("cpu_us_per_delivery"), base.getDouble("cpu_us_per_delivery")));
      s.put("p99_ratio", ratio(s.getJsonObject("latency").getDouble("p99_ms"), base.getJsonObject("latency").getDouble("p99_ms")));
    }
    summary.put("base", new JsonObject().put("cpu_us_per_delivery", base.getDouble("cpu_us_per_delivery"))
        .put("p99_ms", base.getJsonObject("latency").getDouble("p99_ms")));
    if (one != null) {
      summary.put("one_instance", new JsonObject().put("idle_sessions", one.getInteger("idle_sessions"))
          .put("cpu_us_per_delivery", one.getDouble("cpu_us_per_delivery")).put("cpu_ratio", one.getValue("cpu_ratio"))
          .put("p99_ms", one.getJsonObject("latency").getDouble("p99_ms")).put("p99_ratio", one.getValue("p99_ratio")));
    }
    if (two != null) {
      JsonObject idleInstance = two.getJsonArray("instances").getJsonObject(1);
      JsonObject receiversInstance = two.getJsonArray("instances").getJsonObject(0);
      summary.put("two_instances", new JsonObject().put("idle_sessions", two.getInteger("idle_sessions"))
          .put("cpu_us_per_delivery", two.getDouble("cpu_us_per_delivery")).put("cpu_ratio", two.getValue("cpu_ratio"))
          .put("receivers_instance_cpu_us_per_delivery", receiversInstance.getDouble("cpu_us_per_delivery"))
          .put("receivers_instance_cpu_ratio", ratio(receiversInstance.getDouble("cpu_us_per_delivery"),
              base.getDouble("cpu_us_per_delivery")))
          .put("p99_ms", two.getJsonObject("latency").getDouble("p99_ms")).put("p99_ratio", two.getValue("p99_ratio"))
          .put("sent", two.getLong("sent"))
          .put("events_no_member_instance", idleInstance.getLong("events"))
          .put("consumed_fraction_no_member", idleInstance.getValue("events_per_message")));
    }
    return summary;
  }

  private static Double ratio(Double value, Double base) {
    return value == null || base == null || base == 0 ? null : Latency.round(value / base);
  }

  /** CPU per delivery and e2e p50/p99 of the one-instance steps, in % of the 0-idle step. */
  private static void plot(JsonArray steps, Path file) {
    List<Integer> idle = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    JsonObject base = null;
    for (Object o : steps) {
      JsonObject s = (JsonObject) o;
      if (s.getInteger("instances_running") != 1 || s.getDouble("cpu_us_per_delivery") == null) {
        continue;
      }
      if (base == null) {
        base = s;
      }
      idle.add(s.getInteger("idle_sessions"));
      cpu.add(100 * s.getDouble("cpu_us_per_delivery") / base.getDouble("cpu_us_per_delivery"));
      p50.add(100 * s.getJsonObject("latency").getDouble("p50_ms") / Math.max(0.001, base.getJsonObject("latency").getDouble("p50_ms")));
      p99.add(100 * s.getJsonObject("latency").getDouble("p99_ms") / Math.max(0.001, base.getJsonObject("latency").getDouble("p99_ms")));
    }
    if (idle.size() < 2) {
      return;
    }
    Map<String, List<? extends Number>> series = new LinkedHashMap<>();
    series.put("push CPU per delivered message", cpu);
    series.put("e2e p50", p50);
    series.put("e2e p99", p99);
    try {
      Charts.xy("big customer: idle same-customer sessions on the receivers' instance", "idle sessions",
          "% of the 0-idle figure", false, idle, series, file);
    } catch (Exception e) {
      Progress.say("big customer: no plot: %s", e.getMessage());
    }
  }
}
