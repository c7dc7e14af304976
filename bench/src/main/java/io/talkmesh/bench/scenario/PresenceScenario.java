package io.talkmesh.bench.scenario;

import io.talkmesh.bench.client.Deliveries;
import io.talkmesh.bench.client.Marker;
import io.talkmesh.bench.client.PushClient;
import io.talkmesh.bench.client.PushStats;
import io.talkmesh.bench.client.TalkApi;
import io.talkmesh.bench.load.Batches;
import io.talkmesh.bench.load.OpenLoop;
import io.talkmesh.bench.load.Outcome;
import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.MeshCpu;
import io.talkmesh.bench.measure.Progress;
import io.talkmesh.bench.mesh.Infra;
import io.talkmesh.bench.mesh.Mesh;
import io.talkmesh.bench.mesh.ProcessMemory;
import io.talkmesh.bench.report.Report;
import io.talkmesh.common.auth.Jwt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Presence at the big customer's size (issue 16): what do presence changes cost when every agent of a customer of
 * thousands watches them? N agents of one customer each hold a session subscribed to {@code agent_id:<self>:presence}
 * only. An open loop of R ticks a second ({@link PresenceMix}) sets statuses ({@code PUT
 * /v1.0/service_agents/me/status}, available and away in turn), closes sockets and reopens them after more than the
 * offline grace (connection churn: offline, then online), and reloads pages (close and reopen at once: must change
 * nothing). Over a measured window after a warm-up: the changes applied, the presence frames, entries and characters
 * all subscribers received (each subscriber at most one frame a second by design), the delay from each change's
 * request to the first of the observed subscribers that sees it (and to the last; and from its {@code tm_presence}),
 * and the CPU of every process group per 1,000 changes. In the same run, with the same sessions open: the mesh idle
 * (its CPU per second, taken off in "above idle"), and the same rate of plain message sends in a two-agent chat (CPU
 * per 1,000 sends, the ratio's denominator).
 * <p>
 * Most of the N agents keep the status {@code offline} a new agent has, so connecting them changes no presence: a
 * login storm of thousands, each change sent to thousands, is another measurement. Only the pools the mix acts on are
 * made available or away first.
 */
public final class PresenceScenario {
  public static final String STATUS = "status";
  public static final String ONLINE = "online";
  public static final String OFFLINE = "offline";
  public static final String RELOAD = "reload";
  private static final List<String> KINDS = List.of(STATUS, ONLINE, OFFLINE, RELOAD);

  /**
   * How big and how long.
   *
   * @param agents    agents of the customer, each with one subscribed session (the pools the mix acts on included)
   * @param rate      ticks of the mix per second, open loop (7 in 8 are changes, 1 in 8 reloads)
   * @param warmup    ticks before the measured window, not measured (also the sends' warm-up)
   * @param window    the measured window (and the sends' and the idle window's length)
   * @param drain     after the window, how long entries are still matched with its changes (the offline grace is 3 s)
   * @param observers subscribers whose frames are parsed for the delays, spread evenly over the sessions
   * @param statusGap least time between two status changes of one agent
   * @param churnGap  least time between two socket actions of one agent: longer than the grace and its flush
   */
  public record Settings(int agents, double rate, Duration warmup, Duration window, Duration drain, int observers,
                         Duration statusGap, Duration churnGap) {
    /** The big customer's agents (BigCustomerScenario's full size), 20 ticks/s. */
    public static Settings full() {
      return new Settings(BigCustomerScenario.Settings.full().agents(), 20, Duration.ofSeconds(10), Duration.ofSeconds(20),
          Duration.ofSeconds(6), 200, Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    public static Settings quick() {
      return new Settings(300, 10, Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(6), 300,
          Duration.ofSeconds(4), Duration.ofSeconds(8));
    }
  }

  private final TalkApi api;
  private final PushClient push;
  private final Settings settings;
  private final PresenceMix mix;
  private final List<Population.BenchAgent> agents;
  private final AtomicReferenceArray<WebSocket> sockets;
  /** Per agent, its observer number, or -1 when its frames are only counted. */
  private final int[] observer;
  private final PresenceTally tally = new PresenceTally();
  private final PresenceFrames frames = new PresenceFrames();
  private final Map<String, LongAdder> applied = new LinkedHashMap<>();
  private final Map<String, LongAdder> failed = new LinkedHashMap<>();

  private PresenceScenario(TalkApi api, PushClient push, Settings settings, PresenceMix mix,
                           List<Population.BenchAgent> agents, int observers) {
    this.api = api;
    this.push = push;
    this.settings = settings;
    this.mix = mix;
    this.agents = agents;
    this.sockets = new AtomicReferenceArray<>(agents.size());
    this.observer = new int[agents.size()];
    java.util.Arrays.fill(observer, -1);
    int passive = agents.size() - mix.pooled();
    int stride = Math.max(1, passive / Math.max(1, observers));
    for (int p = 0, n = 0; p < passive && n < observers; p += stride, n++) {
      observer[mix.pooled() + p] = n;
    }
    KINDS.forEach(kind -> {
      applied.put(kind, new LongAdder());
      failed.put(kind, new LongAdder());
    });
  }

  /**
   * Seeds the agents (copies of a population receiver), opens their sessions, measures idle, sends and presence, and
   * closes every socket it opened. A failure ends the scenario with what was measured and an {@code "error"}.
   */
  public static JsonObject run(Vertx vertx, Mesh mesh, Infra infra, TalkApi api, PushClient push, Population pop,
                               Deliveries deliveries, Settings settings, Supplier<CpuSampler> cpu)
      throws InterruptedException {
    PresenceMix mix = new PresenceMix(settings.rate(), settings.statusGap(), settings.churnGap());
    long fdLimit = ProcessMemory.openFileLimit();
    int n = settings.agents();
    if (fdLimit > 0 && n > fdLimit - 2000) {
      n = (int) fdLimit - 2000;
      Progress.say("presence: the open-file limit is %,d per process: %,d agents instead of %,d", fdLimit, n, settings.agents());
    }
    JsonObject result = new JsonObject().put("agents", n).put("rate_per_second", settings.rate())
        .put("warmup_seconds", settings.warmup().toSeconds()).put("window_seconds", settings.window().toSeconds())
        .put("drain_seconds", settings.drain().toSeconds()).put("open_file_limit", fdLimit)
        .put("mix", new JsonObject().put("status", PresenceMix.share(PresenceMix.Kind.STATUS))
            .put("churn", PresenceMix.share(PresenceMix.Kind.CHURN)).put("reload", PresenceMix.share(PresenceMix.Kind.RELOAD)))
        .put("pools", new JsonObject().put("status", mix.poolSize(PresenceMix.Kind.STATUS))
            .put("churn", mix.poolSize(PresenceMix.Kind.CHURN)).put("reload", mix.poolSize(PresenceMix.Kind.RELOAD))
            .put("passive", n - mix.pooled()))
        .put("load_average_at_start", Report.loadAverage());
    if (n <= mix.pooled()) {
      return result.put("error", n + " agents do not leave any passive subscriber beside the mix's " + mix.pooled());
    }
    PresenceScenario scenario = null;
    WebSocket receiver = null;
    try {
      Jwt jwt = new Jwt(vertx, mesh.jwtSecret(), 86400);
      long t0 = System.nanoTime();
      List<Population.BenchAgent> agents = SeededAgents.seed(infra, jwt, pop.receivers.get(0).id(), "presence-", n);
      Progress.say("presence: seeded %,d agents of the population's customer in %.1f s", n, (System.nanoTime() - t0) / 1e9);
      scenario = new PresenceScenario(api, push, settings, mix, agents, settings.observers());
      result.put("open_seconds", scenario.open()).put("observers", scenario.observers());
      scenario.prepare();

      result.put("idle", scenario.idle(cpu));
      receiver = push.connectSubscribed(pop.receivers.get(0).token(), pop.receivers.get(0).id()).await(30, TimeUnit.SECONDS);
      result.put("sends", sends(api, pop, deliveries, settings, cpu));
      receiver.close();
      receiver = null;
      result.mergeIn(scenario.changes(mesh, cpu));
      JsonObject sends = result.getJsonObject("sends");
      JsonObject idleRate = result.getJsonObject("idle").getJsonObject("cpu_ms_per_second");
      result.put("cost_above_idle", aboveIdle(result.getJsonObject("cost"), idleRate));
      sends.put("cost_above_idle", aboveIdle(sends.getJsonObject("cost"), idleRate));
      result.put("vs_sends", ratios(result.getJsonObject("cost").getJsonObject("cpu_ms_per_op"),
          sends.getJsonObject("cost").getJsonObject("cpu_ms_per_op")));
      result.put("vs_sends_above_idle", ratios(result.getJsonObject("cost_above_idle"), sends.getJsonObject("cost_above_idle")));
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      Progress.say("presence: stopped: %s", e);
      result.put("error", e.toString());
    } finally {
      if (receiver != null) {
        receiver.close();
      }
      if (scenario != null) {
        scenario.closeAll();
      }
    }
    return result.put("load_average_at_end", Report.loadAverage());
  }

  /** Opens every session but those of the churn pool's agents that start closed; answers the seconds it took. */
  private double open() throws InterruptedException {
    int churnFrom = mix.poolSize(PresenceMix.Kind.STATUS);
    int churnTo = churnFrom + mix.poolSize(PresenceMix.Kind.CHURN);
    List<Integer> opening = new java.util.ArrayList<>();
    for (int i = 0; i < agents.size(); i++) {
      if (i < churnFrom || i >= churnTo || PresenceMix.initiallyOn(PresenceMix.Kind.CHURN, i - churnFrom)) {
        opening.add(i);
      }
    }
    long t0 = System.nanoTime();
    Batches.run("presence: connect subscribers", opening.size(), 256, k -> connect(opening.get(k), 3));
    double seconds = (System.nanoTime() - t0) / 1e9;
    Progress.say("presence: %,d sessions subscribed to their agent's presence in %.1f s (%,.0f/s)", opening.size(), seconds,
        opening.size() / seconds);
    return Latency.round(seconds);
  }

  private int observers() {
    return (int) java.util.Arrays.stream(observer).filter(o -> o >= 0).count();
  }

  /**
   * The pools' statuses as the mix expects them (status pool available or away, churn and reload pools available);
   * the passive agents keep theirs. Then the resulting frames pass: no presence frame for 3 s (the opening's session
   * reports and these changes can take longer than that on a loaded machine with thousands of sessions).
   */
  private void prepare() throws InterruptedException {
    int statusPool = mix.poolSize(PresenceMix.Kind.STATUS);
    Batches.run("presence: set the pools' statuses", mix.pooled(), 16, i -> api.setMyStatus(agents.get(i).token(),
        i >= statusPool || PresenceMix.initiallyOn(PresenceMix.Kind.STATUS, i) ? "available" : "away"));
    for (int i = mix.poolSize(PresenceMix.Kind.STATUS) + mix.poolSize(PresenceMix.Kind.CHURN); i < mix.pooled(); i++) {
      tally.quiet(agents.get(i).id());
    }
    long t0 = System.nanoTime();
    long quiet = TimeUnit.SECONDS.toNanos(3);
    long cap = t0 + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() - Math.max(t0, frames.lastFrameNanos()) < quiet && System.nanoTime() < cap) {
      Thread.sleep(100);
    }
    Progress.say("presence: no presence frame for 3 s, %.1f s after the pools' statuses were set", (System.nanoTime() - t0) / 1e9);
  }

  /** The same sessions and no change: the CPU the mesh burns per second meanwhile, and the frames it still sends. */
  private JsonObject idle(Supplier<CpuSampler> cpu) throws InterruptedException {
    Progress.say("presence: %d s idle with the sessions open", settings.window().toSeconds());
    frames.counting(true);
    CpuSampler sampler = cpu.get().start();
    Thread.sleep(settings.window().toMillis());
    JsonObject used = sampler.stop();
    frames.counting(false);
    return MeshCpu.rate(used).put("frames", frames.toJson(used.getDouble("wall_seconds")).getLong("frames"));
  }

  /**
   * Plain sends at the presence loop's rate in a two-agent chat whose receiver holds {@code agent_id:<self>:chat}:
   * what the same rate of the mesh's main operation costs, beside the same open sessions.
   */
  private static JsonObject sends(TalkApi api, Population pop, Deliveries deliveries, Settings settings,
                                  Supplier<CpuSampler> cpu) throws InterruptedException {
    Population.BenchAgent sender = pop.senders.get(0);
    String chat = pop.pairChats.get(0);
    Progress.say("presence: baseline, %.0f sends/s in a two-agent chat: %d s warm-up, %d s measured", settings.rate(),
        settings.warmup().toSeconds(), settings.window().toSeconds());
    deliveries.listen("presence-send-warm", (sent, at) -> { });
    OpenLoop.run("presence: sends warm-up", settings.rate(), settings.warmup(), 2000,
        (i, due) -> api.send(sender.token(), chat, "presence baseline " + Marker.stamp("presence-send-warm", due)));
    Latency e2e = new Latency();
    LongAdder received = new LongAdder();
    deliveries.listen("presence-send", (sent, at) -> {
      e2e.recordNanos(at - sent);
      received.increment();
    });
    CpuSampler sampler = cpu.get().start();
    Outcome http = OpenLoop.run("presence: sends", settings.rate(), settings.window(), 2000,
        (i, due) -> api.send(sender.token(), chat, "presence baseline " + Marker.stamp("presence-send", due)));
    JsonObject used = sampler.stop();
    Thread.sleep(1000);
    deliveries.stop("presence-send");
    deliveries.stop("presence-send-warm");
    return new JsonObject().put("sent", http.ok()).put("errors", http.errors()).put("dropped", http.dropped())
        .put("delivered", received.sum()).put("latency", e2e.toJson()).put("http_latency", http.latency().toJson())
        .put("cost", MeshCpu.cost(used, http.ok(), 1000));
  }

  /** The warm-up, the measured window and its drain; the figures of the window. */
  private JsonObject changes(Mesh mesh, Supplier<CpuSampler> cpu) throws Exception {
    long warmTicks = ticks(settings.warmup());
    Progress.say("presence: %.0f ticks/s (pools: %d status, %d churn, %d reload; %,d passive): %d s warm-up, %d s measured",
        settings.rate(), mix.poolSize(PresenceMix.Kind.STATUS), mix.poolSize(PresenceMix.Kind.CHURN),
        mix.poolSize(PresenceMix.Kind.RELOAD), agents.size() - mix.pooled(), settings.warmup().toSeconds(),
        settings.window().toSeconds());
    OpenLoop.run("presence: warm-up", settings.rate(), settings.warmup(), 2000, (i, due) -> act(i, due, false));

    JsonObject before = PushStats.read(mesh.push().statsUrl());
    tally.measuring(true);
    frames.counting(true);
    CpuSampler sampler = cpu.get().start();
    Outcome loop = OpenLoop.run("presence: changes", settings.rate(), settings.window(), 2000,
        (i, due) -> act(warmTicks + i, due, true));
    JsonObject used = sampler.stop();
    frames.counting(false);
    JsonObject delivered = frames.toJson(used.getDouble("wall_seconds"));
    Thread.sleep(settings.drain().toMillis());
    tally.measuring(false);
    JsonObject after = PushStats.read(mesh.push().statsUrl());

    long changes = applied.get(STATUS).sum() + applied.get(ONLINE).sum() + applied.get(OFFLINE).sum();
    JsonObject byKind = new JsonObject();
    for (String kind : KINDS) {
      byKind.put(kind, new JsonObject().put("ok", applied.get(kind).sum()).put("errors", failed.get(kind).sum()));
    }
    double wall = used.getDouble("wall_seconds");
    JsonObject out = new JsonObject()
        .put("ticks", new JsonObject().put("ok", loop.ok()).put("errors", loop.errors()).put("dropped", loop.dropped())
            .put("per_second", Latency.round(loop.throughput())).put("latency", loop.latency().toJson()))
        .put("changes", new JsonObject().put("applied", changes).put("per_second", Latency.round(changes / wall))
            .put("by_kind", byKind))
        .put("frames", delivered).put("delays", tally.toJson())
        .put("cost", MeshCpu.cost(used, changes, 1000)).put("push_stats", deltas(before, after)).put("push_stats_after", after);
    Progress.say("presence: %,d changes (%.1f/s), %,d frames (%.0f/s, %s/subscriber/s), %,d entries; status %s, online %s, offline %s",
        changes, changes / wall, delivered.getLong("frames"), delivered.getDouble("per_second", 0.0),
        delivered.getJsonObject("per_subscriber").getValue("frames_per_second_mean"), delivered.getLong("entries"),
        summary(out, STATUS), summary(out, ONLINE), summary(out, OFFLINE));
    return out;
  }

  private static String summary(JsonObject out, String kind) {
    JsonObject k = out.getJsonObject("delays").getJsonObject(kind);
    if (k == null) {
      return "none";
    }
    JsonObject l = k.getJsonObject("request_to_first");
    return String.format(java.util.Locale.ROOT, "%d/%d seen, p50 %s ms p99 %s ms", k.getInteger("seen"),
        k.getLong("requested"), l.getValue("p50_ms"), l.getValue("p99_ms"));
  }

  private long ticks(Duration d) {
    return (long) (settings.rate() * d.toNanos() / 1e9);
  }

  /** Tick {@code tick}'s action, its request due at {@code due}; counted per kind when measured. */
  private Future<?> act(long tick, long due, boolean measured) {
    PresenceMix.Action action = mix.at(tick);
    int statusPool = mix.poolSize(PresenceMix.Kind.STATUS);
    int churnPool = mix.poolSize(PresenceMix.Kind.CHURN);
    String kind;
    Future<?> done;
    switch (action.kind()) {
      case STATUS -> {
        Population.BenchAgent agent = agents.get(action.agent());
        String status = action.on() ? "available" : "away";
        kind = STATUS;
        tally.expect(agent.id(), status, due, kind, measured);
        done = api.setMyStatus(agent.token(), status);
      }
      case CHURN -> {
        int index = statusPool + action.agent();
        Population.BenchAgent agent = agents.get(index);
        kind = action.on() ? ONLINE : OFFLINE;
        if (action.on()) {
          tally.expect(agent.id(), "available", due, kind, measured);
          done = connect(index, 1);
        } else {
          WebSocket socket = sockets.getAndSet(index, null);
          if (socket != null) {
            tally.expect(agent.id(), "offline", due, kind, measured);
          }
          done = socket == null ? Future.failedFuture("churn agent " + agent.username() + " had no open session") : socket.close();
        }
      }
      default -> {
        int index = statusPool + churnPool + action.agent();
        WebSocket socket = sockets.getAndSet(index, null);
        kind = RELOAD;
        done = (socket == null ? Future.<Void>succeededFuture() : socket.close()).compose(v -> connect(index, 1));
      }
    }
    return done.onComplete(ar -> {
      if (measured) {
        (ar.succeeded() ? applied : failed).get(kind).increment();
      }
    });
  }

  /** A subscribed session of agent {@code index}, its frames counted (and parsed when it is an observer). */
  private Future<WebSocket> connect(int index, int attempts) {
    Population.BenchAgent agent = agents.get(index);
    PresenceFrames.Subscriber counter = frames.subscriber(index >= mix.pooled());
    int observes = observer[index];
    return push.connectTopic(agent.token(), "agent_id:" + agent.id() + ":presence", text -> {
      long now = System.nanoTime();
      if (counter.frame(text, now) > 0 && observes >= 0) {
        Instant at = Instant.now();
        for (PresenceFrames.Entry entry : PresenceFrames.parse(text)) {
          tally.seen(entry, observes, now, at);
        }
      }
    }).onSuccess(socket -> sockets.set(index, socket))
        .recover(err -> attempts > 1 ? connect(index, attempts - 1) : Future.failedFuture(err));
  }

  private void closeAll() {
    List<WebSocket> open = new java.util.ArrayList<>();
    for (int i = 0; i < sockets.length(); i++) {
      WebSocket s = sockets.getAndSet(i, null);
      if (s != null) {
        open.add(s);
      }
    }
    FanoutScenario.closeAll(open);
  }

  /** {@code after - before} of every numeric field both have (push-service's {@code /stats} counters). */
  static JsonObject deltas(JsonObject before, JsonObject after) {
    JsonObject out = new JsonObject();
    for (String field : after.fieldNames()) {
      if (after.getValue(field) instanceof Number a && before.getValue(field) instanceof Number b) {
        out.put(field, a.longValue() - b.longValue());
      }
    }
    return out;
  }

  /**
   * A {@link MeshCpu#cost} less what each group burns idle ({@link MeshCpu#rate}'s CPU-ms per second) over the same
   * wall time: {@code {group: CPU-ms per "per" operations}}, what the operations themselves cost.
   */
  static JsonObject aboveIdle(JsonObject cost, JsonObject idleMsPerSecond) {
    double wall = cost.getDouble("wall_seconds");
    double units = Math.max(1, cost.getLong("operations")) / (double) cost.getInteger("per");
    JsonObject seconds = cost.getJsonObject("cpu_seconds");
    JsonObject out = new JsonObject();
    for (String group : seconds.fieldNames()) {
      Double idle = idleMsPerSecond.getDouble(group);
      if (idle != null) {
        out.put(group, MeshCpu.round3((seconds.getDouble(group) * 1000 - idle * wall) / units));
      }
    }
    return out;
  }

  /** Each group's figure in {@code a} over its figure in {@code b}, where both are known and {@code b} is not 0. */
  static JsonObject ratios(JsonObject a, JsonObject b) {
    JsonObject out = new JsonObject();
    for (String group : a.fieldNames()) {
      Object x = a.getValue(group);
      Object y = b.getValue(group);
      if (x instanceof Number n && y instanceof Number d && d.doubleValue() != 0) {
        out.put(group, Latency.round(n.doubleValue() / d.doubleValue()));
      }
    }
    return out;
  }
}
