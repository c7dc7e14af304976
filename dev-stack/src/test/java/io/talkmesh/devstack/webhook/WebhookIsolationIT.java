package io.talkmesh.devstack.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One customer's dead endpoint (accepts the connection, never answers) must not slow another customer's healthy
 * one: the healthy endpoint's latency (event committed → receiver got it) is measured alone, then with the dead one
 * taking every event of the first customer at the same rate, in the same webhook-service, on the same (single)
 * delivery shard. Hostile answers (huge bodies, slow drips, redirects) are in DelivererTest; here the mesh goes on.
 */
class WebhookIsolationIT {
  private static final int PER_PHASE = 120;

  @Test
  void aDeadEndpointDoesNotDelayAnotherCustomersHealthyOne() throws Exception {
    Stack stack = Stack.fresh();
    stack.env().put("TALK_WEBHOOK_ALLOWED_TARGETS", "127.0.0.1/32");
    stack.env().put("TALK_WEBHOOK_ENDPOINT_CACHE_MS", "200");
    stack.env().put("TALK_WEBHOOK_TIMEOUT_MS", "2000");
    stack.env().put("TALK_WEBHOOK_RETRY_DELAYS_MS", "500,1000,2000");
    // one shard: both endpoints' deliveries share a queue and a consumer, the hardest case for isolation
    stack.env().put("TALK_WEBHOOK_SHARDS", "1");
    Vertx client = Vertx.vertx();
    try (stack; Receiver healthy = Receiver.start(client, n -> 200); Receiver dead = Receiver.start(client, n -> -1)) {
      stack.startTalkManager().startTalkManagerWithAdmin("other-admin", "other-admin-password").startGateway()
          .startWebhook();
      try (HttpApi api = new HttpApi(client, stack.httpPort())) {
        String first = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
        String second = api.login("other-admin", "other-admin-password");
        create(api, second, healthy);
        Chat other = chat(api, second);
        Chat loud = chat(api, first);

        List<Long> alone = phase("alone", api, other, null, healthy);
        create(api, first, dead);
        List<Long> beside = phase("beside", api, other, loud, healthy);
        long p50Alone = percentile(alone, 50);
        long p99Alone = percentile(alone, 99);
        long p50Beside = percentile(beside, 50);
        long p99Beside = percentile(beside, 99);
        System.out.printf("WEBHOOK isolation: healthy endpoint of customer 2, latency event committed -> received,"
                + " alone p50 %d ms p99 %d ms; beside customer 1's dead endpoint (%d POSTs to it, none answered)"
                + " p50 %d ms p99 %d ms%n", p50Alone, p99Alone, dead.hits().size(), p50Beside, p99Beside);
        assertThat(dead.hits()).as("the dead endpoint was being tried").isNotEmpty();
        assertThat(beside).hasSize(PER_PHASE);
        assertThat(p99Beside).as("healthy p99 beside a dead endpoint (alone %d ms)", p99Alone)
            .isLessThanOrEqualTo(Math.max(2 * p99Alone, p99Alone + 300));
      }
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  private record Chat(String id, String token) {
  }

  private static void create(HttpApi api, String admin, Receiver receiver) throws Exception {
    HttpApi.Reply endpoint = api.post("/v1.0/webhook_endpoints", admin, new JsonObject().put("url", receiver.url())
        .put("event_types", new JsonArray().add("chatmessage_created")));
    assertThat(endpoint.status()).as("%s", endpoint).isEqualTo(200);
    receiver.secret(endpoint.json().getString("secret"));
    Thread.sleep(400);
  }

  private static Chat chat(HttpApi api, String admin) {
    Agent a = Agent.create(api, admin, "a" + System.nanoTime());
    Agent b = Agent.create(api, admin, "b" + System.nanoTime());
    HttpApi.Reply chat = api.post("/v1.0/service_agents/talk_chats", a.token(), new JsonObject().put("type", "group")
        .put("name", "isolation").put("participants", new JsonArray()
            .add(new JsonObject().put("owner_type", "agent").put("owner_id", b.id()))));
    assertThat(chat.status()).as("%s", chat).isEqualTo(200);
    return new Chat(chat.json().getString("id"), a.token());
  }

  /**
   * Sends {@link #PER_PHASE} messages to {@code measured} (and as many to {@code noise}, interleaved) at ~40/s and
   * returns the healthy receiver's latency for each of {@code measured}'s.
   */
  private static List<Long> phase(String name, HttpApi api, Chat measured, Chat noise, Receiver healthy)
      throws Exception {
    for (int i = 0; i < PER_PHASE; i++) {
      assertThat(api.post("/v1.0/service_agents/talk_messages", measured.token(), new JsonObject()
          .put("chat_id", measured.id()).put("type", "normal").put("text", name + i)).status()).isEqualTo(200);
      if (noise != null) {
        api.post("/v1.0/service_agents/talk_messages", noise.token(), new JsonObject().put("chat_id", noise.id())
            .put("type", "normal").put("text", "n" + i));
      }
      Thread.sleep(25);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    java.util.Map<String, Receiver.Hit> got = new java.util.LinkedHashMap<>();
    while (got.size() < PER_PHASE && System.nanoTime() < deadline) {
      Thread.sleep(100);
      for (Receiver.Hit hit : healthy.hits()) {
        String text = hit.payload().getJsonObject("data", new JsonObject()).getString("text", "");
        if (text.matches(name + "\\d+")) {
          got.putIfAbsent(hit.eventId(), hit); // the first delivery of each event (a receiver drops the others)
        }
      }
    }
    List<Long> latencies = new ArrayList<>();
    for (Receiver.Hit hit : got.values()) {
      long committed = Instant.parse(hit.payload().getString("time")).toEpochMilli();
      latencies.add(hit.receivedAtMs() - committed);
    }
    return latencies;
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
