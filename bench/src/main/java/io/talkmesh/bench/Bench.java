package io.talkmesh.bench;

import io.talkmesh.bench.baseline.BareBroadcast;
import io.talkmesh.bench.baseline.BrokerBaseline;
import io.talkmesh.bench.baseline.PgBaseline;
import io.talkmesh.bench.client.Deliveries;
import io.talkmesh.bench.client.PushClient;
import io.talkmesh.bench.client.TalkApi;
import io.talkmesh.bench.load.Batches;
import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.measure.MeshCpu;
import io.talkmesh.bench.measure.Progress;
import io.talkmesh.bench.mesh.Infra;
import io.talkmesh.bench.mesh.Mesh;
import io.talkmesh.bench.report.HotMethods;
import io.talkmesh.bench.report.Markdown;
import io.talkmesh.bench.report.Report;
import io.talkmesh.bench.scenario.BigCustomerScenario;
import io.talkmesh.bench.scenario.ConnectionsScenario;
import io.talkmesh.bench.scenario.E2eScenario;
import io.talkmesh.bench.scenario.FanoutScenario;
import io.talkmesh.bench.scenario.Population;
import io.talkmesh.bench.scenario.PresenceScenario;
import io.talkmesh.bench.scenario.RpcScenario;
import io.talkmesh.bench.scenario.SearchScenario;
import io.talkmesh.bench.scenario.SendScenario;
import io.talkmesh.bench.scenario.UnreadListScenario;
import io.talkmesh.bench.scenario.WebhookScenario;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@code ./bench/run [--quick] [--embedded] [--jfr] [--no-markdown]}: starts the mesh in production mode (three
 * service JVMs) on this run's own database and broker prefix, creates the agents and chats, measures the baselines
 * and the scenarios, and writes {@code bench/results/<mode>/results.json}, the PNG plots beside it and (full
 * mode) the figures section of {@code BENCHMARKS.md}.
 */
public final class Bench {
  private Bench() {
  }

  /** The scenarios {@code --only=<name>} can run alone (on a minimal population, without the baselines). */
  static final List<String> ALONE = List.of("presence", "webhooks");

  public static void main(String[] args) throws Exception {
    List<String> flags = List.of(args);
    String only = null;
    for (String flag : flags) {
      if (flag.startsWith("--only=") && ALONE.contains(flag.substring("--only=".length()))) {
        only = flag.substring("--only=".length());
      } else if (!List.of("--quick", "--embedded", "--jfr", "--no-markdown").contains(flag)) {
        System.err.println("usage: ./bench/run [--quick] [--embedded] [--jfr] [--no-markdown] [--only=" + String.join("|", ALONE) + "]");
        System.exit(2);
      }
    }
    Plan plan = flags.contains("--quick") ? Plan.quick() : Plan.full();
    boolean embedded = flags.contains("--embedded");
    // a scenario alone is not a run of the bench: its figures go beside the checked-in ones, never into BENCHMARKS.md
    boolean markdown = !flags.contains("--no-markdown") && plan.mode().equals("full") && only == null;
    Path root = Path.of("").toAbsolutePath();
    Path out = root.resolve("bench").resolve("results").resolve(only == null ? plan.mode() : plan.mode() + "-" + only);
    Files.createDirectories(out);
    int code = 0;
    try {
      JsonObject results = run(plan, embedded, flags.contains("--jfr"), only, root, out);
      Report.write(results, out);
      if (markdown) {
        Markdown.write(results, root.resolve("BENCHMARKS.md"), "bench/results/" + plan.mode());
        Progress.say("wrote BENCHMARKS.md");
      }
      Progress.say("results: %s", out.resolve("results.json"));
    } catch (Exception e) {
      e.printStackTrace();
      code = 1;
    }
    System.exit(code);
  }

  /** @param only the scenario to run alone, or null for the whole bench */
  static JsonObject run(Plan plan, boolean embedded, boolean jfr, String only, Path root, Path out) throws Exception {
    long started = System.nanoTime();
    JsonObject results = new JsonObject().put("mode", plan.mode()).put("infra", embedded ? "embedded" : "real")
        .put("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .put("machine", Report.machine());
    JsonObject baselines = new JsonObject();
    JsonObject scenarios = new JsonObject();
    results.put("baselines", baselines).put("scenarios", scenarios);
    Progress.say("talk-mesh bench, %s mode, %s infrastructure", plan.mode(), embedded ? "embedded" : "real");
    Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(10_000));
    Deliveries deliveries = new Deliveries();
    Map<String, String> heaps = Map.of("talk-manager", "1g", "api-gateway", "512m", "push-service", "2g", "webhook-service", "512m");
    try (Infra infra = embedded ? Infra.startEmbedded() : Infra.real(System.getenv());
         Mesh mesh = new Mesh(root, out, infra, jfr, heaps, Map.of()).start()) {
      results.put("versions", new JsonObject().put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
          .put("vertx", "5.0.8").put("postgres", infra.postgresVersion()).put("broker", infra.brokerVersion()));
      results.put("mesh", new JsonObject().put("heaps", new JsonObject(Map.copyOf(heaps)))
          .put("summary", "1 talk-manager (-Xmx1g, pool 8), 1 api-gateway (-Xmx512m, 1 instance), 1 push-service (-Xmx2g), "
              + "1 webhook-service (-Xmx512m), service defaults otherwise; database " + infra.database() + ", prefix " + infra.prefix()));
      TalkApi api = new TalkApi(vertx, mesh.httpPort(), 256);
      PushClient push = new PushClient(vertx, mesh.wsPort(), plan.sourceAddresses(), deliveries);

      Supplier<CpuSampler> cpu = () -> MeshCpu.sampler(infra, mesh);
      if (only != null) {
        // webhooks sends into the plan's pair chats; presence needs a single pair
        int pairs = only.equals("webhooks") ? plan.pairs() : 1;
        Population pop = Population.create(vertx, mesh, infra, api, pairs, List.of(), 2 * pairs + 1);
        results.put("population", pop.toJson()).put("only", only);
        if (only.equals("webhooks")) {
          scenarios.put("webhooks", WebhookScenario.run(vertx, infra, api, pop, deliveries, plan.webhooks(), cpu));
        } else {
          scenarios.put("presence", PresenceScenario.run(vertx, mesh, infra, api, push, pop, deliveries, plan.presence(), cpu));
        }
        mesh.checkAlive();
        push.close().await(10, TimeUnit.SECONDS);
        api.close().await(10, TimeUnit.SECONDS);
        return finish(results, started);
      }
      Population pop = Population.create(vertx, mesh, infra, api, plan.pairs(), plan.fanoutSizes(), plan.agentsViaApi());
      results.put("population", pop.toJson());

      baselines.put("postgres", PgBaseline.run(infra, 8, plan.pg(), plan.headline().repetitions(), out));
      baselines.put("broker", BrokerBaseline.run(infra, plan.rpcConcurrencies(), plan.broker()));
      mesh.checkAlive();

      mesh.startRecording();
      List<WebSocket> receivers = Batches.run("connect receivers", plan.pairs(), 16,
          i -> push.connectSubscribed(pop.receivers.get(i).token(), pop.receivers.get(i).id()));
      scenarios.put("send", SendScenario.run(api, pop, deliveries, plan.send(), plan.openFraction(), plan.headline(), cpu));
      scenarios.put("e2e", E2eScenario.run(api, pop, deliveries, plan.e2eRate(), plan.e2e(), cpu));
      scenarios.put("rpc", RpcScenario.run(vertx, infra.amqpUri(), infra.prefix(), pop, plan.rpcConcurrencies(), plan.rpc(),
          cpu));
      scenarios.put("webhooks", WebhookScenario.run(vertx, infra, api, pop, deliveries, plan.webhooks(), cpu));
      receivers.forEach(WebSocket::close);
      mesh.checkAlive();

      AtomicReference<JsonObject> sample = new AtomicReference<>();
      scenarios.put("fanout", FanoutScenario.run(api, push, pop, deliveries, plan.fanoutMessages(), plan.senderWindow(), sample,
          cpu));
      Map<String, Path> recordings = mesh.stopRecording();
      mesh.checkAlive();
      baselines.put("bare_broadcast", BareBroadcast.run(vertx, benchJar(), out.resolve("logs"), heaps.get("push-service"),
          plan.fanoutSizes(), plan.fanoutMessages(), plan.senderWindow(), plan.sourceAddresses(), deliveries, sample.get()));

      scenarios.put("big_customer", BigCustomerScenario.run(vertx, mesh, infra, api, push, pop, deliveries, plan.bigCustomer(),
          plan.sourceAddresses(), out));
      scenarios.put("presence", PresenceScenario.run(vertx, mesh, infra, api, push, pop, deliveries, plan.presence(), cpu));
      mesh.checkAlive();
      results.put("peer", io.talkmesh.bench.peer.PeerBench.run(vertx, plan, infra, mesh, api, push, pop, deliveries, root));
      scenarios.put("connections", ConnectionsScenario.run(push, pop, mesh.pid("push-service"), plan.connectionTarget(),
          plan.connectionStep(), plan.connectionBudgetSeconds(), plan.subscribeIdle()));
      mesh.checkAlive();
      // last: their millions of seeded rows would otherwise sit under every other scenario's database
      scenarios.put("unread_list", UnreadListScenario.run(vertx, mesh, infra, api, pop, plan.unreadList(), cpu));
      scenarios.put("search", SearchScenario.run(vertx, mesh, infra, api, pop, plan.search(), cpu));
      mesh.checkAlive();
      Progress.say("stray frames (after their phase ended or unstamped): %,d", deliveries.stray());

      JsonObject hot = new JsonObject();
      for (Map.Entry<String, Path> recording : recordings.entrySet()) {
        hot.put(recording.getKey(), HotMethods.of(recording.getValue()));
      }
      results.put("hot_methods", hot);
      push.close().await(10, TimeUnit.SECONDS);
      api.close().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
    return finish(results, started);
  }

  private static JsonObject finish(JsonObject results, long started) {
    results.getJsonObject("machine").put("load_average_at_end", Report.loadAverage());
    results.put("ratios", Report.ratios(results));
    results.put("targets", Report.targets(results));
    results.put("duration_seconds", Math.round((System.nanoTime() - started) / 1e9));
    return results;
  }

  private static Path benchJar() throws Exception {
    return Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
