package io.talkmesh.devstack.scale;

import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Permission;
import io.talkmesh.devstack.TestInfra;
import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A measurement, not a test (it asserts nothing and runs only with {@code TALK_MEASURE=1}): N agents connected to
 * one push-service instance, all reading one public {@code talk} channel by id, one sender posting through the
 * gateway; prints deliveries per second and end-to-end latency (POST sent → frame received) p50/p99.
 * <pre>TALK_MEASURE=1 mvn -B verify -pl dev-stack -Dit.test=FanOutMeasurementIT</pre>
 * Knobs: {@code TALK_MEASURE_AGENTS} (1000), {@code TALK_MEASURE_MESSAGES} (300), {@code TALK_MEASURE_SENDERS} (4),
 * {@code TALK_MEASURE_INTERVAL_MS} (0; e.g. 1 sender every 100 ms = 10 messages/s for latency below saturation).
 */
@EnabledIfEnvironmentVariable(named = "TALK_MEASURE", matches = ".+")
class FanOutMeasurementIT {
  private static final int AGENTS = Integer.parseInt(System.getenv().getOrDefault("TALK_MEASURE_AGENTS", "1000"));
  private static final int MESSAGES = Integer.parseInt(System.getenv().getOrDefault("TALK_MEASURE_MESSAGES", "300"));
  private static final int SENDERS = Integer.parseInt(System.getenv().getOrDefault("TALK_MEASURE_SENDERS", "4"));
  /** Pause between two sends of one sender (0 = as fast as replies come): paces the load below saturation. */
  private static final long INTERVAL_MS = Long.parseLong(System.getenv().getOrDefault("TALK_MEASURE_INTERVAL_MS", "0"));

  @Test
  void fanOutIntoOnePublicChannel() throws Exception {
    System.out.println("infrastructure mode: " + TestInfra.get().mode());
    try (Stack stack = Readiness.freshStack().startTalkManager().startGateway().startPush()) {
      Vertx client = Vertx.vertx();
      HttpApi api = new HttpApi(client, stack.httpPort());
      Readiness.await(client, stack);
      String admin = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
      JsonObject me = api.get("/v1.0/agents?page_size=1", admin).json().getJsonArray("result").getJsonObject(0);
      UUID customer = UUID.fromString(me.getString("customer_id"));
      String channel = api.post("/v1.0/service_agents/talk_chats", admin, new JsonObject().put("type", "talk")
          .put("name", "all-hands")).json().getString("id");

      // readers of a public channel need no membership: tokens for N agent ids of the customer are enough
      Jwt jwt = new Jwt(client, stack.env().get("TALK_JWT_SECRET"), 3600);
      long[] latencies = new long[AGENTS * MESSAGES];
      AtomicLong index = new AtomicLong();
      LongAdder received = new LongAdder();
      AtomicLong lastReceipt = new AtomicLong();
      WebSocketClient ws = client.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(AGENTS + 10));
      List<WebSocket> sockets = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        UUID id = UUID.randomUUID();
        String token = jwt.issue(new Agent(id, customer, "reader" + i, "reader", "", Permission.AGENT.bit(),
            Instant.now(), null, null));
        WebSocket socket = ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(stack.wsPort())
            .setURI("/v1.0/ws?token=" + token)).await(10, TimeUnit.SECONDS);
        socket.textMessageHandler(text -> {
          long now = System.nanoTime();
          JsonObject frame = new JsonObject(text);
          if ("chatmessage_created".equals(frame.getString("type"))) {
            String body = frame.getJsonObject("data").getString("text");
            long sentAt = Long.parseLong(body.substring(body.indexOf('@') + 1));
            long slot = index.getAndIncrement();
            if (slot < latencies.length) {
              latencies[(int) slot] = now - sentAt;
            }
            received.increment();
            lastReceipt.accumulateAndGet(now, Math::max);
          }
        });
        socket.writeTextMessage("{\"type\":\"subscribe\",\"topics\":[\"agent_id:" + id + ":chat:" + channel + "\"]}");
        sockets.add(socket);
      }
      long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (metric(client, stack, "sessions") < AGENTS && System.nanoTime() < settle) {
        Thread.sleep(50);
      }
      api.post("/v1.0/service_agents/talk_messages", admin, new JsonObject().put("chat_id", channel)
          .put("type", "normal").put("text", "warm-up@" + System.nanoTime()));
      long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (received.sum() < AGENTS && System.nanoTime() < warm) {
        Thread.sleep(10);
      }
      received.reset();
      index.set(0);

      long start = System.nanoTime();
      ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
      List<HttpApi> apis = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        HttpApi senderApi = new HttpApi(client, stack.httpPort());
        apis.add(senderApi);
        int share = MESSAGES / SENDERS;
        senders.submit(() -> {
          for (int m = 0; m < share; m++) {
            senderApi.post("/v1.0/service_agents/talk_messages", admin, new JsonObject().put("chat_id", channel)
                .put("type", "normal").put("text", "m@" + System.nanoTime()));
            if (INTERVAL_MS > 0) {
              try {
                Thread.sleep(INTERVAL_MS);
              } catch (InterruptedException e) {
                return;
              }
            }
          }
        });
      }
      senders.shutdown();
      senders.awaitTermination(120, TimeUnit.SECONDS);
      long sendEnd = System.nanoTime();
      long expected = (long) AGENTS * (MESSAGES / SENDERS) * SENDERS;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (received.sum() < expected && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      long n = Math.min(index.get(), latencies.length);
      long[] sorted = Arrays.copyOf(latencies, (int) n);
      Arrays.sort(sorted);
      double seconds = (lastReceipt.get() - start) / 1e9;
      System.out.printf("fan-out: %d agents on one push instance, one public channel, %d messages (%d senders):"
              + " %d/%d deliveries in %.2f s = %.0f deliveries/s (send phase %.2f s = %.0f msg/s);"
              + " e2e latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; push closes %s%n",
          AGENTS, expected / AGENTS, SENDERS, received.sum(), expected, seconds, received.sum() / seconds,
          (sendEnd - start) / 1e9, expected / AGENTS / ((sendEnd - start) / 1e9),
          sorted[(int) (n * 0.50)] / 1e6, sorted[(int) Math.min(n - 1, n * 0.99)] / 1e6, sorted[(int) n - 1] / 1e6,
          metrics(client, stack).getJsonObject("closes"));
      sockets.forEach(WebSocket::close);
      apis.forEach(HttpApi::close);
      api.close();
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static JsonObject metrics(Vertx client, Stack stack) throws Exception {
    return io.vertx.ext.web.client.WebClient.create(client).get(stack.pushManagementPort(), "127.0.0.1", "/stats").send()
        .await(5, TimeUnit.SECONDS).bodyAsJsonObject();
  }

  private static long metric(Vertx client, Stack stack, String name) throws Exception {
    return metrics(client, stack).getLong(name);
  }
}
