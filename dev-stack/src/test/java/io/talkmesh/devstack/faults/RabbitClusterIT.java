package io.talkmesh.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.talkmesh.common.amqp.Amqp;
import io.talkmesh.common.rpc.RpcClient;
import io.talkmesh.common.rpc.RpcRequest;
import io.talkmesh.common.rpc.RpcResponse;
import io.talkmesh.common.rpc.RpcServer;
import io.talkmesh.devstack.TestInfra;
import io.talkmesh.devstack.system.Stack;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RPC over a quorum request queue on a 3-node RabbitMQ cluster ({@link RabbitCluster}): calls go on when the queue's
 * leader is killed with {@code kill -9} (the server's connection on a survivor, or on the leader itself, so that it
 * reconnects to another node and consumes again), and a poison request is parked by the broker's own delivery count
 * across instances, its caller answered. Skipped, saying why, where Debian's rabbitmq-server or the cluster reference
 * is absent.
 */
class RabbitClusterIT {
  private static RabbitCluster cluster;

  @BeforeAll
  static void up() throws Exception {
    String missing = RabbitCluster.missing();
    if (missing != null) {
      System.out.println("RabbitClusterIT skipped: " + missing);
    }
    assumeTrue(missing == null, () -> "RabbitClusterIT skipped: " + missing);
    long start = System.nanoTime();
    cluster = RabbitCluster.up();
    System.out.printf("CLUSTER: 3 nodes up and clustered in %d ms%n", Verdict.millisSince(start));
  }

  @AfterAll
  static void down() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void rpcCallsGoOnWhenTheRequestQueueLeaderDies() throws Exception {
    rpcAcrossLeaderLoss(false, false);
  }

  @Test
  void rpcCallsGoOnWhenTheServersNodeLeadingTheRequestQueueDies() throws Exception {
    rpcAcrossLeaderLoss(true, false);
  }

  @Test
  void rpcCallsGoOnWhenTheCallersNodeLeadingTheRequestQueueDies() throws Exception {
    rpcAcrossLeaderLoss(false, true);
  }

  /**
   * An RpcServer and an RpcClient on a quorum request queue whose leader is killed; the server's connection on
   * another node, or ({@code serverOnLeader}) on the leader itself, so that it must reconnect and consume again; the
   * client's likewise ({@code callerOnLeader}: it must reconnect and declare a new reply queue).
   */
  private static void rpcAcrossLeaderLoss(boolean serverOnLeader, boolean callerOnLeader) throws Exception {
    String queue = TestInfra.get().newPrefix() + "leader-cluster.request";
    Vertx vertx = Vertx.vertx();
    RpcServer declaring = new RpcServer(Amqp.client(vertx, RabbitCluster.uri(1), "leader-cluster-declare"), queue, 8,
        request -> Future.succeededFuture(RpcResponse.ok(new JsonObject()))).quorum(true);
    declaring.start().compose(v -> declaring.stop()).await(30, TimeUnit.SECONDS);
    int leader = cluster.leader(queue);
    int spare = leader % 3 + 1;
    int other = spare % 3 + 1;
    String serverUris = serverOnLeader ? RabbitCluster.uri(leader) + "," + RabbitCluster.uri(spare)
        : RabbitCluster.uri(spare);
    RpcServer server = null;
    String callerUris = callerOnLeader ? RabbitCluster.uri(leader) + "," + RabbitCluster.uri(other)
        : RabbitCluster.uri(other);
    RpcClient caller = null;
    try {
      for (int attempt = 0; attempt < 10; attempt++) {
        server = new RpcServer(Amqp.client(vertx, serverUris, "leader-cluster-server"), queue, 8,
            request -> Future.succeededFuture(RpcResponse.ok(new JsonObject().put("served", request.uri()))))
            .quorum(true);
        server.start().await(30, TimeUnit.SECONDS);
        if (!serverOnLeader || cluster.nodeOf("leader-cluster-server") == leader) {
          break;
        }
        server.stop().await(10, TimeUnit.SECONDS);
      }
      int serverNode = cluster.nodeOf("leader-cluster-server");
      for (int attempt = 0; attempt < 10; attempt++) {
        caller = new RpcClient(vertx, callerUris, "leader-cluster-caller", queue, 3000);
        caller.start().await(30, TimeUnit.SECONDS);
        if (!callerOnLeader || cluster.nodeOf("leader-cluster-caller") == leader) {
          break;
        }
        caller.stop().await(10, TimeUnit.SECONDS);
      }
      int callerNode = cluster.nodeOf("leader-cluster-caller");
      assertThat(caller.call(RpcRequest.of("GET", "/before", null, null, "leader-cluster", "b")).await(10, TimeUnit.SECONDS)
          .statusCode()).isEqualTo(200);
      // calls in flight while the leader dies, as under load
      RpcClient busy = caller;
      AtomicInteger inFlight = new AtomicInteger();
      long load = vertx.setPeriodic(5, t -> {
        inFlight.incrementAndGet();
        busy.call(RpcRequest.of("GET", "/load", null, null, "leader-cluster", "l" + t)).onComplete(ar -> inFlight.decrementAndGet());
      });
      Thread.sleep(300);
      cluster.kill(leader);
      long killedAt = System.nanoTime();
      Thread.sleep(300);
      vertx.cancelTimer(load);
      List<String> outcomes = new ArrayList<>();
      boolean ok = false;
      for (int i = 0; !ok && Verdict.millisSince(killedAt) < 20_000; i++) {
        if (i > 0) {
          Thread.sleep(200);
        }
        try {
          RpcResponse r = caller.call(RpcRequest.of("GET", "/after", null, null, "leader-cluster", "a" + i))
              .await(10, TimeUnit.SECONDS);
          ok = r.statusCode() == 200;
          outcomes.add(Verdict.millisSince(killedAt) + " ms: " + r.statusCode());
        } catch (Exception e) {
          String failure = Verdict.millisSince(killedAt) + " ms: " + e.getMessage();
          if (outcomes.isEmpty() || !outcomes.get(outcomes.size() - 1).endsWith(e.getMessage())) {
            outcomes.add(failure);
          }
        }
      }
      System.out.printf("CLUSTER RPC: leader tm%d killed; server on tm%d, caller on tm%d: %s%n%s%n", leader, serverNode,
          callerNode, outcomes, cluster.queues());
      cluster.start(leader);
      if (!ok) {
        long restartedAt = System.nanoTime();
        boolean healed = false;
        while (!healed && Verdict.millisSince(restartedAt) < 20_000) {
          try {
            healed = caller.call(RpcRequest.of("GET", "/healed", null, null, "leader-cluster", "h")).await(10,
                TimeUnit.SECONDS).statusCode() == 200;
          } catch (Exception e) {
            Thread.sleep(200);
          }
        }
        System.out.printf("CLUSTER RPC: after tm%d rejoined, calls %s (%d ms after its restart)%n", leader,
            healed ? "answered again" : "still unanswered", Verdict.millisSince(restartedAt));
      }
      assertThat(ok).as("a call answered after the leader died: %s", outcomes).isTrue();
    } finally {
      if (server != null) {
        server.stop().recover(e -> Future.succeededFuture()).await(10, TimeUnit.SECONDS);
      }
      if (caller != null) {
        caller.stop().recover(e -> Future.succeededFuture()).await(10, TimeUnit.SECONDS);
      }
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The whole mesh on the cluster (quorum work queues, every service given the three nodes) under steady HTTP +
   * WebSocket traffic: kill -9 of the node leading talk-manager's request queue, restart it; kill -9 of the node
   * push-service's event connection is on, restart it. Counted by message id (acknowledged, stored, pushed) by the
   * fault suite's {@link Verdict}, with each fault's unavailability printed.
   */
  @Test
  void theMeshLosesNothingWhenTheRequestQueueLeaderAndThePushNodeAreKilled() throws Exception {
    Stack stack = Verdict.freshStack("3-node RabbitMQ cluster: kill -9 request-queue leader, then push's node");
    stack.env().put("TALK_AMQP_URI", RabbitCluster.uris());
    stack.env().put("TALK_AMQP_QUEUE_TYPE", "quorum");
    String requestQueue = stack.env().get("TALK_AMQP_PREFIX") + "talk-manager.request";
    Vertx client = Vertx.vertx();
    List<String> faults = new ArrayList<>();
    try (stack) {
      stack.startTalkManager().startGateway().startPush().startPush();
      List<Integer> health = new ArrayList<>(stack.httpPorts());
      health.addAll(stack.wsPorts());
      try (Traffic traffic = Traffic.setUp(client, stack.httpPorts(), stack.wsPorts(), 8)) {
        traffic.startSending();
        traffic.awaitAcknowledged(150, "load under way");

        int leader = cluster.leader(requestQueue);
        long firstKill = killAndRecover(stack, traffic, leader, health, faults,
            "request-queue leader tm" + leader + " (push's events on tm" + cluster.nodeOf("push-service.events") + ")");
        int pushNode = cluster.nodeOf("push-service.events");
        long secondKill = killAndRecover(stack, traffic, pushNode, health, faults,
            "push's node tm" + pushNode + " (request-queue leader tm" + cluster.leader(requestQueue) + ")");

        Duration ready = Verdict.awaitReady(health, Verdict.RECOVERY_BOUND);
        Verdict verdict = Verdict.count("cluster: kill -9 of the request-queue leader, then of push's node", traffic,
            stack.env().get("TALK_PG_URI"), secondKill, ready).print();
        List<Traffic.Outcome> outcomes = traffic.outcomes();
        faults.set(0, faults.get(0) + window(outcomes, firstKill, secondKill));
        faults.set(1, faults.get(1) + window(outcomes, secondKill, Long.MAX_VALUE));
        faults.forEach(f -> System.out.println("FAULT cluster: " + f));
        verdict.assertPassed();
      }
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Kills node {@code i} under the load, waits for 150 more acknowledgements, restarts it; returns the kill time. */
  private static long killAndRecover(Stack stack, Traffic traffic, int i, List<Integer> health, List<String> faults,
                                     String what) throws Exception {
    long before = traffic.acknowledgedCount();
    cluster.kill(i);
    long killedAt = System.nanoTime();
    Duration ready = Verdict.awaitReady(health, Verdict.RECOVERY_BOUND);
    traffic.awaitAcknowledged(before + 150, "load after killing " + what);
    long backAt = System.nanoTime();
    cluster.start(i);
    faults.add(String.format("kill -9 %s: every service ready %d ms after, 150 more acknowledged %d ms after, node"
        + " back in %d ms;", what, ready.toMillis(), TimeUnit.NANOSECONDS.toMillis(backAt - killedAt),
        Verdict.millisSince(backAt)));
    return killedAt;
  }

  /** What the clients saw between {@code from} and {@code to}: refusals and the longest gap between acknowledgements. */
  private static String window(List<Traffic.Outcome> outcomes, long from, long to) {
    List<Traffic.Outcome> in = outcomes.stream().filter(o -> o.endNanos() >= from && o.startNanos() < to).toList();
    List<Long> acked = in.stream().filter(o -> o.status() == 200).map(Traffic.Outcome::endNanos).sorted().toList();
    long gap = acked.isEmpty() ? 0 : acked.get(0) - from;
    for (int k = 1; k < acked.size(); k++) {
      gap = Math.max(gap, acked.get(k) - acked.get(k - 1));
    }
    java.util.Map<Integer, Long> refused = in.stream().filter(o -> o.status() != 200)
        .collect(java.util.stream.Collectors.groupingBy(Traffic.Outcome::status, java.util.TreeMap::new,
            java.util.stream.Collectors.counting()));
    return String.format(" %d sends, %d acknowledged, refused by status %s, longest time without an acknowledgement"
        + " %d ms", in.size(), acked.size(), refused, TimeUnit.NANOSECONDS.toMillis(gap));
  }

  @Test
  void aPoisonRequestIsSetAsideByTheBrokersCountAcrossInstancesAndItsCallerAnswered() throws Exception {
    String uris = RabbitCluster.uris();
    String queue = TestInfra.get().newPrefix() + "poison-cluster.request";
    Vertx vertx = Vertx.vertx();
    AtomicInteger poisonDeliveries = new AtomicInteger();
    List<RpcServer> servers = new ArrayList<>();
    RpcClient caller = new RpcClient(vertx, uris, "poison-cluster-caller", queue, 30_000);
    RabbitMQClient inspector = Amqp.client(vertx, uris, "poison-cluster-inspector");
    try {
      inspector.start().await(30, TimeUnit.SECONDS);
      caller.start().await(30, TimeUnit.SECONDS);
      MeterRegistry meters = null;
      Future<RpcResponse> poisoned = null;
      // A fresh instance per delivery, each stopped while it holds the request (as if every talk-manager died on
      // it): only the broker's count can tell the third delivery from the first.
      for (int instance = 0; instance <= RpcServer.DEFAULT_MAX_REDELIVERIES + 1; instance++) {
        Promise<Void> arrived = Promise.promise();
        meters = new SimpleMeterRegistry();
        RpcServer server = new RpcServer(Amqp.client(vertx, uris, "poison-cluster-server-" + instance), queue, 4,
            request -> {
              if (request.uri().equals("/poison")) {
                poisonDeliveries.incrementAndGet();
                arrived.tryComplete();
                return Promise.<RpcResponse>promise().future();
              }
              return Future.succeededFuture(RpcResponse.ok(new JsonObject().put("served", request.uri())));
            }).quorum(true).metrics(meters);
        servers.add(server);
        server.start().await(30, TimeUnit.SECONDS);
        if (poisoned == null) {
          poisoned = caller.call(RpcRequest.of("GET", "/poison", null, null, "poison-cluster", "poison-1"));
        }
        if (instance <= RpcServer.DEFAULT_MAX_REDELIVERIES) {
          arrived.future().await(20, TimeUnit.SECONDS);
          RpcResponse other = caller.call(RpcRequest.of("GET", "/ok", null, null, "poison-cluster", "ok-" + instance))
              .await(20, TimeUnit.SECONDS);
          assertThat(other.statusCode()).as("other traffic while instance %d holds the poison request", instance)
              .isEqualTo(200);
          server.stop().await(20, TimeUnit.SECONDS);
        }
      }
      RpcResponse answer = poisoned.await(30, TimeUnit.SECONDS);
      assertThat(answer.statusCode() + " " + ((JsonObject) answer.data()).getString("reason"))
          .as("the caller's answer: %s", answer.data()).isEqualTo("500 REQUEST_DEAD_LETTERED");
      assertThat(poisonDeliveries.get()).as("deliveries handled, by %d instances", RpcServer.DEFAULT_MAX_REDELIVERIES + 1)
          .isEqualTo(1 + RpcServer.DEFAULT_MAX_REDELIVERIES);
      assertThat(meters.counter("talk.rpc.dead.lettered").count()).as("talk_rpc_dead_lettered_total of the instance"
          + " that set it aside").isEqualTo(1.0);
      RabbitMQMessage dead = awaitDead(inspector, queue + ".dead");
      assertThat(new JsonObject(dead.body()).getString("request_id")).isEqualTo("poison-1");
      assertThat(String.valueOf(dead.properties().getHeaders().get("x-first-death-reason"))).isEqualTo("rejected");
      RpcResponse next = caller.call(RpcRequest.of("GET", "/ok", null, null, "poison-cluster", "ok-last"))
          .await(20, TimeUnit.SECONDS);
      assertThat(next.statusCode()).as("the next request").isEqualTo(200);
      System.out.printf("CLUSTER POISON: delivered %d times to %d instances, caller answered %s, dead-lettered by"
          + " reject (x-death %s)%n", poisonDeliveries.get(), servers.size(), answer.data(),
          dead.properties().getHeaders().get("x-death"));
    } finally {
      for (RpcServer server : servers) {
        server.stop().recover(e -> Future.succeededFuture()).await(10, TimeUnit.SECONDS);
      }
      caller.stop().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static RabbitMQMessage awaitDead(RabbitMQClient inspector, String deadQueue) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      RabbitMQMessage m = inspector.basicGet(deadQueue, true).await(10, TimeUnit.SECONDS);
      if (m != null) {
        return m;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("nothing in " + deadQueue + " within 20 s");
  }
}
