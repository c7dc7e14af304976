package io.talkmesh.devstack.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.TestInfra;
import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks through the whole mesh (gateway, talk-manager, webhook-service, the real broker and database) to real HTTP
 * receivers in this test, on 127.0.0.1 (allowed by TALK_WEBHOOK_ALLOWED_TARGETS). What the receiver got is compared,
 * by event id, with talk-manager's own event log ({@code talk_events}).
 */
class WebhookDeliveryIT {
  private static final String ENDPOINTS = "/v1.0/webhook_endpoints";
  private static final String CHATS = "/v1.0/service_agents/talk_chats";
  private static final String MESSAGES = "/v1.0/service_agents/talk_messages";
  private Stack stack;
  private Vertx client;
  private HttpApi api;
  private String admin;

  @BeforeEach
  void up(org.junit.jupiter.api.TestInfo test) throws Exception {
    stack = Stack.fresh();
    stack.env().put("TALK_WEBHOOK_ALLOWED_TARGETS", "127.0.0.1/32");
    stack.env().put("TALK_WEBHOOK_ENDPOINT_CACHE_MS", "200");
    stack.env().put("TALK_WEBHOOK_RETRY_DELAYS_MS", "200,400,800");
    stack.env().put("TALK_WEBHOOK_SHARDS", "4");
    if (test.getDisplayName().contains("Parked")) {
      stack.env().put("TALK_WEBHOOK_RETRY_PERIOD_MS", "1500"); // parked after a few attempts
    }
    stack.startTalkManager().startGateway().startPush().startWebhook();
    client = Vertx.vertx();
    api = new HttpApi(client, stack.httpPort());
    admin = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
  }

  @AfterEach
  void down() throws Exception {
    if (api != null) {
      api.close();
    }
    if (stack != null) {
      stack.close();
    }
    if (client != null) {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Creates an endpoint for {@code receiver}; gives the receiver its secret; returns the endpoint. */
  private JsonObject endpoint(Receiver receiver) throws Exception {
    HttpApi.Reply created = api.post(ENDPOINTS, admin, new JsonObject().put("url", receiver.url()));
    assertThat(created.status()).as("create endpoint: %s", created).isEqualTo(200);
    receiver.secret(created.json().getString("secret"));
    Thread.sleep(400); // past the endpoint cache (200 ms) of webhook-service
    return created.json();
  }

  /**
   * Activity producing every event type: chats (group and direct), participants added and removed, messages, a
   * reply, an edit, reactions, a pin and an unpin, reads, a deleted message and chat, and an agent coming online.
   */
  private String activity(int messages) throws Exception {
    Agent bob = Agent.create(api, admin, "bob" + System.nanoTime());
    Agent carol = Agent.create(api, admin, "carol" + System.nanoTime());
    Agent dave = Agent.create(api, admin, "dave" + System.nanoTime());
    HttpApi.Reply chat = api.post(CHATS, bob.token(), new JsonObject().put("type", "group").put("name", "hooks")
        .put("participants", new JsonArray().add(new JsonObject().put("owner_type", "agent").put("owner_id", carol.id()))));
    assertThat(chat.status()).as("chat: %s", chat).isEqualTo(200);
    String chatId = chat.json().getString("id");
    String first = null;
    for (int i = 0; i < messages; i++) {
      HttpApi.Reply sent = api.post(MESSAGES, i % 2 == 0 ? bob.token() : carol.token(), new JsonObject()
          .put("chat_id", chatId).put("type", "normal").put("text", "m" + i));
      assertThat(sent.status()).as("send: %s", sent).isEqualTo(200);
      if (first == null) {
        first = sent.json().getString("id");
      }
    }
    List<HttpApi.Reply> replies = new java.util.ArrayList<>();
    replies.add(api.post(MESSAGES, carol.token(), new JsonObject().put("chat_id", chatId).put("type", "normal")
        .put("text", "reply").put("parent_id", first)));
    replies.add(api.put(MESSAGES + "/" + first, bob.token(), new JsonObject().put("text", "m0 edited")));
    replies.add(api.post(MESSAGES + "/" + first + "/reactions", carol.token(), new JsonObject().put("emoji", "+1")));
    replies.add(api.post(CHATS + "/" + chatId + "/pins", bob.token(), new JsonObject().put("message_id", first)));
    replies.add(api.delete(CHATS + "/" + chatId + "/pins/" + first, bob.token()));
    replies.add(api.post(CHATS + "/" + chatId + "/read", carol.token(), new JsonObject()));
    replies.add(api.put(CHATS + "/" + chatId, bob.token(), new JsonObject().put("name", "hooks renamed")));
    replies.add(api.post(CHATS + "/" + chatId + "/participants", bob.token(), new JsonObject()
        .put("owner_type", "agent").put("owner_id", dave.id())));
    String daveParticipant = replies.get(replies.size() - 1).json().getString("id");
    replies.add(api.delete(CHATS + "/" + chatId + "/participants/" + daveParticipant, bob.token()));
    replies.add(api.delete(MESSAGES + "/" + first, bob.token()));
    HttpApi.Reply direct = api.post(CHATS, bob.token(), new JsonObject().put("type", "direct")
        .put("participants", new JsonArray().add(new JsonObject().put("owner_type", "agent").put("owner_id", dave.id()))));
    replies.add(direct);
    String directId = direct.json().getString("id");
    replies.add(api.post(MESSAGES, bob.token(), new JsonObject().put("chat_id", directId).put("type", "normal")
        .put("text", "hi dave")));
    replies.add(api.post(CHATS + "/" + directId + "/read", dave.token(), new JsonObject()));
    replies.add(api.delete(CHATS + "/" + directId, bob.token()));
    assertThat(replies).as("the activity's requests").allMatch(r -> r.status() == 200);
    // presence: an agent whose status is available shows so while it has a live WebSocket session
    replies.add(api.put("/v1.0/service_agents/me/status", carol.token(), new JsonObject().put("status", "available")));
    assertThat(replies.get(replies.size() - 1).status()).isEqualTo(200);
    try (io.talkmesh.devstack.system.WsClient ws = io.talkmesh.devstack.system.WsClient.connect(client,
        stack.wsPort(), carol.token())) {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < until && !logged(Instant.EPOCH).containsValue("agent_presence_updated")) {
        Thread.sleep(100);
      }
    }
    return chatId;
  }

  @Test
  void everyEventReachesItsEndpointSignedAndOnceWhenTheEndpointIsHealthy() throws Exception {
    try (Receiver receiver = Receiver.start(client, n -> 200)) {
      endpoint(receiver);
      Instant from = Instant.now();
      activity(10);
      Map<String, String> logged = awaitAll(receiver, from);
      List<Receiver.Hit> hits = receiver.hits();
      Map<String, Long> perEvent = hits.stream().collect(Collectors.groupingBy(Receiver.Hit::eventId,
          Collectors.counting()));
      Set<String> types = new TreeSet<>(logged.values());
      System.out.printf("WEBHOOK healthy: %d events of %d types in the log, %d POSTs received, types %s%n",
          logged.size(), types.size(), hits.size(), types);
      assertThat(hits).as("every POST signed and verifiable with the endpoint's secret")
          .allMatch(h -> h.signed() && h.verified());
      assertThat(perEvent.keySet()).as("event ids received").containsAll(logged.keySet());
      assertThat(perEvent.values()).as("a healthy endpoint gets each event once").allMatch(c -> c == 1);
      assertThat(hits.stream().map(Receiver.Hit::type).collect(Collectors.toSet())).containsAll(types);
      assertThat(types).as("the activity produced every event type a customer may receive")
          .containsAll(java.util.Arrays.stream(io.talkmesh.common.event.EventType.values())
              .filter(t -> !t.internal()).map(io.talkmesh.common.event.EventType::wire)
              .toList());
    }
  }

  @Test
  void anEndpointFailingNTimesThenRecoveringGetsEveryEventInPerChatOrder() throws Exception {
    int failures = 12;
    try (Receiver receiver = Receiver.start(client, n -> n < failures ? 503 : 200)) {
      endpoint(receiver);
      Instant from = Instant.now();
      String chatId = activity(15);
      Map<String, String> logged = awaitAll(receiver, from);
      List<Receiver.Hit> delivered = receiver.hits().stream().filter(h -> h.answered() == 200).toList();
      Map<String, Long> deliveredPerEvent = delivered.stream().collect(Collectors.groupingBy(Receiver.Hit::eventId,
          Collectors.counting()));
      // the receiver's view after dropping duplicates by event id: the first 2xx of each
      Map<String, Receiver.Hit> deduped = new LinkedHashMap<>();
      delivered.forEach(h -> deduped.putIfAbsent(h.eventId(), h));
      List<Long> chatSeqs = deduped.values().stream().filter(h -> chatId.equals(h.chatId()))
          .map(Receiver.Hit::seq).toList();
      System.out.printf("WEBHOOK failing %d times: %d events in the log, %d POSTs (%d answered 503), %d delivered,"
              + " %d after dedupe; chat seqs in delivery order %s%n", failures, logged.size(), receiver.hits().size(),
          failures, delivered.size(), deduped.size(), chatSeqs);
      assertThat(deduped.keySet()).as("every logged event delivered").containsAll(logged.keySet());
      assertThat(deliveredPerEvent.values()).as("each answered 2xx once").allMatch(c -> c == 1);
      assertThat(chatSeqs).as("the chat's events in seq order").isSorted();
      assertThat(receiver.hits()).allMatch(Receiver.Hit::verified);
    }
  }

  @Test
  void anEventRetriedPastThePeriodIsParkedLoggedAndReplayedByAnAdmin() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
    try (Receiver receiver = Receiver.start(client, n -> up.get() ? 200 : 500)) {
      String id = endpoint(receiver).getString("id");
      Agent bob = Agent.create(api, admin, "bob" + System.nanoTime());
      long before = System.currentTimeMillis();
      HttpApi.Reply chat = api.post(CHATS, bob.token(), new JsonObject().put("type", "group").put("name", "parked")
          .put("participants", new JsonArray()));
      assertThat(chat.status()).as("%s", chat).isEqualTo(200);
      // TALK_WEBHOOK_RETRY_PERIOD_MS = 1500 here: a few attempts, then parked
      JsonObject parked = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (parked == null && System.nanoTime() < deadline) {
        Thread.sleep(200);
        JsonArray list = api.get(ENDPOINTS + "/" + id + "/parked", admin).json().getJsonArray("result");
        parked = list.isEmpty() ? null : list.getJsonObject(0);
      }
      assertThat(parked).as("a parked event in the endpoint's parked store").isNotNull();
      JsonObject event = parked.getJsonObject("event");
      assertThat(event.getString("type")).isEqualTo("chat_created");
      int attemptsBefore = receiver.hits().size();
      assertThat(attemptsBefore).as("attempts before parking").isGreaterThanOrEqualTo(2);
      Thread.sleep(1500); // the delivery log is flushed every second
      JsonArray log = api.get(ENDPOINTS + "/" + id + "/deliveries", admin).json().getJsonArray("result");
      Set<String> outcomes = log.stream().map(o -> ((JsonObject) o).getString("outcome")).collect(Collectors.toSet());
      assertThat(outcomes).as("the delivery log: %s", log).contains("failed", "parked");
      assertThat(log.stream().map(o -> ((JsonObject) o).getInteger("status_code")).collect(Collectors.toSet()))
          .contains(500);

      up.set(true);
      HttpApi.Reply replay = api.post(ENDPOINTS + "/" + id + "/parked/" + parked.getString("id") + "/replay", admin,
          new JsonObject());
      assertThat(replay.status()).as("%s", replay).isEqualTo(200);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (receiver.hits().stream().noneMatch(h -> h.answered() == 200) && System.nanoTime() < until) {
        Thread.sleep(100);
      }
      List<Receiver.Hit> delivered = receiver.hits().stream().filter(h -> h.answered() == 200).toList();
      System.out.printf("WEBHOOK parked: %d attempts answered 500 in %d ms, parked, log %s; replayed: %d delivered%n",
          attemptsBefore, System.currentTimeMillis() - before, outcomes, delivered.size());
      assertThat(delivered).as("the replayed event").hasSize(1);
      assertThat(delivered.get(0).eventId()).isEqualTo(event.getString("id"));
      assertThat(delivered.get(0).verified()).isTrue();
    }
  }

  /** Waits until the receiver answered 2xx to every event logged since {@code from}; returns them (id → type). */
  private Map<String, String> awaitAll(Receiver receiver, Instant from) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Map<String, String> logged = Map.of();
    while (System.nanoTime() < deadline) {
      logged = logged(from);
      Set<String> got = receiver.hits().stream().filter(h -> h.answered() >= 200 && h.answered() < 300)
          .map(Receiver.Hit::eventId).collect(Collectors.toSet());
      if (!logged.isEmpty() && got.containsAll(logged.keySet())) {
        Thread.sleep(500); // and nothing more arrives for what was delivered
        return logged;
      }
      Thread.sleep(200);
    }
    Set<String> missing = new TreeSet<>(logged.keySet());
    receiver.hits().forEach(h -> missing.remove(h.eventId()));
    throw new AssertionError("events not delivered within 60 s: " + missing.size() + " of " + logged.size()
        + "; hits " + receiver.hits().size());
  }

  /** talk-manager's event log since {@code from}: event id → type. */
  private Map<String, String> logged(Instant from) throws Exception {
    String database = URI.create(stack.env().get("TALK_PG_URI")).getPath().substring(1);
    Map<String, String> events = new HashMap<>();
    try (Connection c = DriverManager.getConnection(TestInfra.get().jdbcUrl(database));
         PreparedStatement q = c.prepareStatement("SELECT id::text, type FROM talk_events WHERE tm_create >= ?")) {
      q.setTimestamp(1, Timestamp.from(from));
      try (ResultSet rows = q.executeQuery()) {
        while (rows.next()) {
          events.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return events;
  }
}
