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
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
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
        caller = new RpcClient(Amqp.client(vertx, callerUris, "leader-cluster-caller"), queue, 3000);
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

  @Test
  void aPoisonRequestIsSetAsideByTheBrokersCountAcrossInstancesAndItsCallerAnswered() throws Exception {
    String uris = RabbitCluster.uris();
    String queue = TestInfra.get().newPrefix() + "poison-cluster.request";
    Vertx vertx = Vertx.vertx();
    AtomicInteger poisonDeliveries = new AtomicInteger();
    List<RpcServer> servers = new ArrayList<>();
    RpcClient caller = new RpcClient(Amqp.client(vertx, uris, "poison-cluster-caller"), queue, 30_000);
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
