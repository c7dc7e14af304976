package io.talkmesh.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.testing.Ports;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.system.WsClient;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of a push-service instance and presence, at the production timing (heartbeat 5 s, TTL 15 s,
 * sweep 1 s, frames once a second): an agent whose only session was on the dead instance turns offline for
 * its watchers within the documented bound (docs/websocket.md, "Presence": TTL + sweep + a frame, 17 s),
 * an agent that also had a session on the surviving instance never does, and the first comes back online as soon as
 * it reconnects elsewhere, typing again from there.
 */
class PresenceKillIT {
  /** The documented bound (docs/websocket.md, 17 s), with 5 s for a loaded machine's scheduling. */
  private static final Duration BOUND = Duration.ofSeconds(22);

  @Test
  void agentsOfAKilledInstanceGoOfflineWithinTheBoundAndComeBackElsewhere() throws Exception {
    Stack stack = Verdict.freshStack("kill -9 push-service, presence");
    Vertx client = Vertx.vertx();
    int killedPort = Ports.free();
    ServiceProcess doomed = null;
    try (stack) {
      stack.startTalkManager().startGateway().startPush();
      doomed = ServiceProcess.pushBeside(stack, "push-service-presence-killed", killedPort);
      int survivor = stack.wsPort();
      try (HttpApi api = new HttpApi(client, stack.httpPort())) {
        String admin = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
        Agent alice = available(api, Agent.create(api, admin, "alice"));
        Agent carol = available(api, Agent.create(api, admin, "carol"));
        Agent bob = Agent.create(api, admin, "bob");
        HttpApi.Reply chat = api.post("/v1.0/service_agents/talk_chats", alice.token(), new JsonObject()
            .put("type", "direct").put("participants", new io.vertx.core.json.JsonArray().add(new JsonObject()
                .put("owner_type", "agent").put("owner_id", bob.id()))));
        assertThat(chat.status()).as(chat.toString()).isEqualTo(200);
        String chatId = chat.json().getString("id");
        try (WsClient bobs = WsClient.connect(client, survivor, bob.token()).subscribe("agent_id:" + bob.id() + ":presence",
            "agent_id:" + bob.id() + ":chat");
             WsClient carolsOther = WsClient.connect(client, survivor, carol.token())) {
          WsClient alices = WsClient.connect(client, killedPort, alice.token());
          WsClient carols = WsClient.connect(client, killedPort, carol.token());
          await(bobs, alice, "available", 1, Duration.ofSeconds(15));
          await(bobs, carol, "available", 1, Duration.ofSeconds(15));

          doomed.kill();
          long killedAt = System.nanoTime();
          await(bobs, alice, "offline", 1, Duration.ofSeconds(60));
          Duration stale = Duration.ofNanos(System.nanoTime() - killedAt);
          System.out.printf("PRESENCE: an agent of the killed instance (pid %d) showed online %d ms after the kill%n",
              doomed.pid(), stale.toMillis());
          assertThat(stale).as("staleness after kill -9").isLessThanOrEqualTo(BOUND);
          assertThat(presence(api, bob, alice)).isEqualTo("offline");
          assertThat(presence(api, bob, carol)).as("its session on the surviving instance still counts")
              .isEqualTo("available");
          assertThat(entries(bobs, carol, "offline")).isZero();
          alices.close();
          carols.close();

          try (WsClient back = WsClient.connect(client, survivor, alice.token())) {
            await(bobs, alice, "available", 2, Duration.ofSeconds(15));
            assertThat(presence(api, bob, alice)).isEqualTo("available");
            // typing works again from the instance it moved to
            back.send(new JsonObject().put("type", "typing_start").put("chat_id", chatId).encode());
            JsonObject typing = bobs.next(f -> "typing".equals(f.getString("type")), Duration.ofSeconds(15))
                .getJsonObject("data");
            assertThat(typing.getString("agent_id")).isEqualTo(alice.id());
            assertThat(typing.getString("chat_id")).isEqualTo(chatId);
          }
        }
      }
    } finally {
      if (doomed != null) {
        doomed.close();
      }
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static Agent available(HttpApi api, Agent agent) {
    HttpApi.Reply reply = api.put("/v1.0/service_agents/me/status", agent.token(), new JsonObject().put("status", "available"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return agent;
  }

  private static String presence(HttpApi api, Agent reader, Agent agent) {
    return api.get("/v1.0/agents/" + agent.id(), reader.token()).json().getString("presence");
  }

  /** Waits until the watcher has received {@code n} entries of the agent with this presence. */
  private static void await(WsClient watcher, Agent agent, String presence, int n, Duration wait)
      throws InterruptedException {
    Predicate<JsonObject> entry = e -> agent.id().equals(e.getString("agent_id")) && presence.equals(e.getString("presence"));
    long deadline = System.nanoTime() + wait.toNanos();
    while (entries(watcher, agent, presence) < n) {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      assertThat(left.isNegative()).as("%s %s within %s; seen %s", agent.name(), presence, wait, watcher.seen())
          .isFalse();
      watcher.next(f -> "presence".equals(f.getString("type")) && f.getJsonObject("data").getJsonArray("agents")
          .stream().map(JsonObject.class::cast).anyMatch(entry), left);
    }
  }

  private static long entries(WsClient watcher, Agent agent, String presence) {
    return watcher.seen().stream().filter(f -> "presence".equals(f.getString("type")))
        .flatMap(f -> f.getJsonObject("data").getJsonArray("agents").stream().map(JsonObject.class::cast))
        .filter(e -> agent.id().equals(e.getString("agent_id")) && presence.equals(e.getString("presence"))).count();
  }
}
