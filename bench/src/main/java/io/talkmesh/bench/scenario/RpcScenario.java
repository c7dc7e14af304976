package io.talkmesh.bench.scenario;

import io.talkmesh.bench.load.ClosedLoop;
import io.talkmesh.bench.load.Outcome;
import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.measure.MeshCpu;
import io.talkmesh.bench.measure.Progress;
import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.amqp.Amqp;
import io.talkmesh.common.rpc.RpcClient;
import io.talkmesh.common.rpc.RpcRequest;
import io.talkmesh.common.rpc.RpcRouter;
import io.talkmesh.common.rpc.RpcServer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Scenario 5, rpc: round trips through common's {@link RpcClient}, (a) to talk-manager's cheap {@code GET
 * /v1/chats/{id}} (one indexed read) with the typed {@link TalkManagerClient}, and (b) to a trivial route of an
 * {@link RpcServer} in this JVM on its own queue: the transport alone. Closed loop at each concurrency, with the
 * CPU-ms per round trip of each process group (the transport's server is the load generator's JVM).
 */
public final class RpcScenario {
  private RpcScenario() {
  }

  public static JsonObject run(Vertx vertx, String amqpUri, String prefix, Population pop, List<Integer> concurrencies,
                               Duration duration, Supplier<CpuSampler> cpu) throws Exception {
    Context context = vertx.getOrCreateContext();
    AmqpConfig amqp = new AmqpConfig(amqpUri, prefix);
    String echoQueue = prefix + "bench.echo";
    RpcServer echo = new RpcServer(Amqp.client(vertx, amqpUri, "bench-rpc-echo-server"), echoQueue, 64,
        new RpcRouter().route("GET", "/v1/ping", (r, p) -> Future.succeededFuture(new JsonObject().put("pong", true)))::dispatch);
    RpcClient managerRpc = new RpcClient(vertx, amqpUri, "bench-rpc-manager", amqp.requestQueue(), 5000);
    RpcClient echoRpc = new RpcClient(vertx, amqpUri, "bench-rpc-echo-client", echoQueue, 5000);
    on(context, () -> Future.all(echo.start(), managerRpc.start(), echoRpc.start())).await(30, TimeUnit.SECONDS);
    TalkManagerClient talkManager = new TalkManagerClient(managerRpc, "bench");
    UUID chat = UUID.fromString(pop.channels.values().iterator().next());
    JsonObject result = new JsonObject();
    try {
      for (int c : concurrencies) {
        Progress.say("rpc: GET /v1/chats/{id} via talk-manager, %d in flight, %d s", c, duration.toSeconds());
        CpuSampler managerCpu = cpu.get().start();
        Outcome manager = ClosedLoop.run("rpc talk-manager c=" + c, c, duration,
            (w, start) -> on(context, () -> talkManager.getChat(pop.admin, chat)));
        JsonObject managerCost = MeshCpu.cost(managerCpu.stop(), manager.ok(), 1);
        Progress.say("rpc talk-manager c=%d: %,.0f/s  %s", c, manager.throughput(), manager.latency().summary());
        Progress.say("rpc: trivial route in the bench JVM (transport only), %d in flight, %d s", c, duration.toSeconds());
        CpuSampler transportCpu = cpu.get().start();
        Outcome transport = ClosedLoop.run("rpc transport c=" + c, c, duration, (w, start) -> on(context,
            () -> echoRpc.call(RpcRequest.of("GET", "/v1/ping", null, null, "bench", UUID.randomUUID().toString()))
                .compose(r -> r.succeeded() ? Future.succeededFuture(r) : Future.failedFuture("status " + r.statusCode()))));
        JsonObject transportCost = MeshCpu.cost(transportCpu.stop(), transport.ok(), 1);
        Progress.say("rpc transport c=%d: %,.0f/s  %s", c, transport.throughput(), transport.latency().summary());
        result.put("c" + c, new JsonObject().put("concurrency", c).put("talk_manager_get_chat", manager.toJson().put("cost", managerCost))
            .put("transport", transport.toJson().put("cost", transportCost)));
      }
    } finally {
      on(context, () -> Future.join(managerRpc.stop(), echoRpc.stop(), echo.stop())).await(30, TimeUnit.SECONDS);
    }
    return result;
  }

  /** The broker client is not thread-safe: every call runs on one context. */
  static <T> Future<T> on(Context context, Supplier<Future<T>> call) {
    if (Vertx.currentContext() == context) {
      return call.get();
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(promise));
    return promise.future();
  }
}
