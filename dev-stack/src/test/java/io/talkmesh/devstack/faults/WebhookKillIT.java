package io.talkmesh.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.TestInfra;
import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Agent;
import io.talkmesh.devstack.testing.Ports;
import io.talkmesh.devstack.webhook.Receiver;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of one of two webhook-service instances during a burst: the killed one started first, so it is the
 * active consumer of the delivery shards and holds unacknowledged events and deliveries when it dies. Nothing the
 * event log holds may be missing at the receiver; duplicates only as at least once allows (counted, all with the
 * same event id so a receiver drops them).
 */
class WebhookKillIT {
  private static final int MESSAGES = 300;

  @Test
  void killingAWebhookServiceMidBurstLosesNoEvent() throws Exception {
    Stack stack = Verdict.freshStack("kill -9 webhook-service (1 of 2)");
    stack.env().put("TALK_WEBHOOK_ALLOWED_TARGETS", "127.0.0.1/32");
    stack.env().put("TALK_WEBHOOK_ENDPOINT_CACHE_MS", "200");
    stack.env().put("TALK_WEBHOOK_SHARDS", "4");
    Vertx client = Vertx.vertx();
    ServiceProcess doomed = null;
    try (stack; Receiver receiver = Receiver.start(client, n -> 200)) {
      stack.startTalkManager().startGateway();
      doomed = ServiceProcess.webhookBeside(stack, "webhook-service-killed", Ports.free());
      stack.startWebhook();
      try (HttpApi api = new HttpApi(client, stack.httpPort())) {
        String admin = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
        HttpApi.Reply endpoint = api.post("/v1.0/webhook_endpoints", admin, new JsonObject().put("url", receiver.url()));
        assertThat(endpoint.status()).as("%s", endpoint).isEqualTo(200);
        receiver.secret(endpoint.json().getString("secret"));
        Thread.sleep(400);
        Agent bob = Agent.create(api, admin, "bob");
        Agent carol = Agent.create(api, admin, "carol");
        HttpApi.Reply chat = api.post("/v1.0/service_agents/talk_chats", bob.token(), new JsonObject()
            .put("type", "group").put("name", "burst").put("participants", new JsonArray()
                .add(new JsonObject().put("owner_type", "agent").put("owner_id", carol.id()))));
        String chatId = chat.json().getString("id");
        Thread burst = new Thread(() -> {
          for (int i = 0; i < MESSAGES; i++) {
            api.post("/v1.0/service_agents/talk_messages", bob.token(), new JsonObject().put("chat_id", chatId)
                .put("type", "normal").put("text", "b" + i));
          }
        });
        burst.start();
        Waits.until(() -> receiver.hits().size() >= 60, Duration.ofSeconds(30), "deliveries under way");
        doomed.kill();
        int atKill = receiver.hits().size();
        burst.join(120_000);

        Set<String> logged = logged(stack, chatId);
        Waits.until(() -> delivered(receiver).containsAll(logged), Duration.ofSeconds(60),
            "every logged event of the chat delivered");
        Thread.sleep(1000);
        List<Receiver.Hit> hits = receiver.hits().stream().filter(h -> chatId.equals(h.chatId())).toList();
        Map<String, Long> perEvent = hits.stream().collect(Collectors.groupingBy(Receiver.Hit::eventId,
            Collectors.counting()));
        long duplicates = hits.size() - perEvent.size();
        Set<String> missing = new HashSet<>(logged);
        missing.removeAll(perEvent.keySet());
        System.out.printf("FAULT kill -9 webhook-service (pid %d, 1 of 2, active on the shards) after %d POSTs:"
                + " %d events of the chat logged, %d POSTs received, %d distinct delivered, %d duplicates"
                + " (same event id), %d missing; all signed %b%n", doomed.pid(), atKill, logged.size(), hits.size(),
            perEvent.size(), duplicates, missing.size(), hits.stream().allMatch(Receiver.Hit::verified));
        assertThat(missing).as("logged events the receiver never got").isEmpty();
        assertThat(logged).hasSizeGreaterThanOrEqualTo(MESSAGES);
        assertThat(hits).allMatch(Receiver.Hit::verified);
      }
    } finally {
      if (doomed != null) {
        doomed.close();
      }
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static Set<String> delivered(Receiver receiver) {
    return receiver.hits().stream().filter(h -> h.answered() == 200).map(Receiver.Hit::eventId)
        .collect(Collectors.toSet());
  }

  private static Set<String> logged(Stack stack, String chatId) throws Exception {
    String database = URI.create(stack.env().get("TALK_PG_URI")).getPath().substring(1);
    Set<String> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection(TestInfra.get().jdbcUrl(database));
         PreparedStatement q = c.prepareStatement("SELECT id::text FROM talk_events WHERE chat_id = ?::uuid")) {
      q.setString(1, chatId);
      try (ResultSet rows = q.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    return ids;
  }

}
