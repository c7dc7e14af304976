package io.talkmesh.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.TestInfra;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket client that stops reading cannot slow anyone else down: on the same push-service instance and in the
 * same chat as the other agents, it is closed with 4008 once its bounded outbound buffer fills, and the others receive
 * everything. Measured, not asserted: the p99 end-to-end latency (POST start → frame) of the others' deliveries with
 * and without the stalled reader.
 */
class SlowReaderIT {
  private static final int AGENTS = 6;
  private static final int PER_PHASE = 400;

  @Test
  void aStalledReaderIsClosedWith4008AndOthersStillReceiveEverything() throws Exception {
    System.out.println("infrastructure mode: " + TestInfra.get().mode());
    Stack stack = Stack.fresh();
    // a small bound, so that the stalled reader overflows within the test's load (default 1000 frames / 4 MiB)
    stack.env().put("TALK_WS_MAX_QUEUE", "64");
    stack.env().put("TALK_WS_MAX_QUEUE_BYTES", "262144");
    Vertx client = Vertx.vertx();
    Vertx stalledSide = Vertx.vertx();
    WebClient http = WebClient.create(client);
    try (stack) {
      stack.startTalkManager().startGateway().startPush();
      try (Traffic traffic = Traffic.setUp(client, stack.httpPorts(), stack.wsPorts(), AGENTS).textSize(16_384)) {
        phase(traffic, PER_PHASE / 2); // warm-up (JIT, pools), not measured
        List<Long> without = phase(traffic, PER_PHASE);

        WebSocketClient stalledClient = stalledSide.createWebSocketClient(new WebSocketClientOptions()
            .setReceiveBufferSize(4096));
        Agent reader = traffic.agents().get(0);
        WebSocket stalled = stalledClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
            .setPort(stack.wsPort()).setURI("/v1.0/ws?token=" + reader.token())).await(10, TimeUnit.SECONDS);
        Promise<Void> subscribed = Promise.promise();
        stalled.textMessageHandler(text -> {
          if ("subscribed".equals(new JsonObject(text).getString("type"))) {
            subscribed.tryComplete();
          }
        });
        stalled.writeTextMessage(new JsonObject().put("type", "subscribe").put("topics",
            new JsonArray().add("agent_id:" + reader.id() + ":chat")).encode()).await(5, TimeUnit.SECONDS);
        subscribed.future().await(10, TimeUnit.SECONDS);
        stalled.pause();

        List<Long> with = phase(traffic, PER_PHASE);
        Waits.until(() -> closes4008(http, stack.pushManagementPort()) >= 1, Duration.ofSeconds(30),
            "the stalled reader closed with 4008 (push-service /stats)");

        Verdict verdict = Verdict.count("slow reader", traffic, stack.env().get("TALK_PG_URI"), System.nanoTime(),
            Duration.ZERO).print();
        System.out.printf("SLOW READER: others' e2e latency without a stalled reader p50=%.1f ms p99=%.1f ms (%d"
                + " deliveries); with one stalled reader on the same instance and chat p50=%.1f ms p99=%.1f ms (%d"
                + " deliveries); stalled reader closed 4008: %d%n", percentile(without, 50), percentile(without, 99),
            without.size(), percentile(with, 50), percentile(with, 99), with.size(), closes4008(http, stack.pushManagementPort()));
        verdict.assertPassed();
      }
    } finally {
      http.close();
      stalledSide.close(); // not awaited: the stalled socket's closing handshake cannot finish
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Sends {@code count} more messages, waits until every receiver has every stored one; returns their latencies. */
  private static List<Long> phase(Traffic traffic, int count) throws Exception {
    List<Integer> before = traffic.receivers().stream().map(r -> r.latenciesNanos().size()).toList();
    long acked = traffic.acknowledgedCount();
    traffic.startSending();
    traffic.awaitAcknowledged(acked + count, count + " sends");
    traffic.stopSending();
    Set<String> sent = traffic.acknowledged();
    Waits.until(() -> traffic.receivers().stream().allMatch(r -> r.messageIds().containsAll(sent)), Verdict.DELIVERY,
        "every receiver has every acknowledged message");
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < traffic.receivers().size(); i++) {
      List<Long> all = traffic.receivers().get(i).latenciesNanos();
      latencies.addAll(all.subList(before.get(i), all.size()));
    }
    Collections.sort(latencies);
    return latencies;
  }

  private static int closes4008(WebClient http, int port) {
    try {
      JsonObject stats = http.get(port, "127.0.0.1", "/stats").send().timeout(5, TimeUnit.SECONDS).await()
          .bodyAsJsonObject();
      return stats.getJsonObject("closes", new JsonObject()).getInteger("4008", 0);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static double percentile(List<Long> sortedNanos, int p) {
    if (sortedNanos.isEmpty()) {
      return Double.NaN;
    }
    int index = Math.min(sortedNanos.size() - 1, (int) Math.ceil(p / 100.0 * sortedNanos.size()) - 1);
    return sortedNanos.get(Math.max(0, index)) / 1e6;
  }
}
