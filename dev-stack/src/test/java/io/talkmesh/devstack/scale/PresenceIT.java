package io.talkmesh.devstack.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.WsClient;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence over the whole mesh with two push instances (docs/websocket.md, "Presence"): an agent's sessions on either
 * instance make it online, it stays online until the last closes and its grace is over, its status shows while it is
 * connected, a subscriber receives each change once however many chats it shares with the agent, changes coalesce
 * into few frames, and nobody subscribes to what it may not see.
 */
class PresenceIT {
  /** Short grace and sweep, frames once per 300 ms: the mechanism, not the production timing, is under test. */
  @RegisterExtension
  static final ScaledMesh mesh = ScaledMesh.withPushes(2)
      .env("TALK_PRESENCE_GRACE_MS", "500")
      .env("TALK_PRESENCE_SWEEP_MS", "100")
      .env("TALK_PUSH_PRESENCE_FRAME_MS", "300");
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void anAgentIsOnlineWhileItHasASessionOnAnyInstanceAndOfflineAfterTheLast() throws Exception {
    Agent alice = available(mesh.agent("alice"));
    Agent bob = mesh.agent("bob");
    try (WsClient bobs = watch(bob, 1)) {
      assertThat(presence(bob, alice)).isEqualTo("offline");
      WsClient desk = session(alice, 0);
      JsonObject online = change(bobs, alice, "available");
      assertThat(online.getString("status")).isEqualTo("available");
      assertThat(online.getString("tm_presence")).isNotEmpty();
      assertThat(presence(bob, alice)).isEqualTo("available");

      WsClient phone = session(alice, 1);
      desk.close();
      assertNoChange(bobs, alice, Duration.ofMillis(1500)); // past the grace: its phone on the other instance counts
      assertThat(presence(bob, alice)).isEqualTo("available");

      phone.close();
      change(bobs, alice, "offline");
      assertThat(presence(bob, alice)).isEqualTo("offline");
    }
  }

  @Test
  void theStatusShowsWhileConnectedAndManagersWatchTheWholeCustomer() throws Exception {
    Agent alice = mesh.agent("alice");
    Agent bob = mesh.agent("bob");
    try (WsClient bobs = watch(bob, 0);
         WsClient admins = WsClient.connect(mesh.vertx(), mesh.stack().wsPorts().get(1), mesh.adminToken())
             .subscribe("customer_id:" + alice.customerId() + ":presence");
         WsClient alices = session(alice, 1)) {
      setStatus(alice, "busy");
      change(bobs, alice, "busy");
      change(admins, alice, "busy");
      setStatus(alice, "offline");
      change(bobs, alice, "offline");
      assertThat(presence(bob, alice)).as("appearing offline while connected").isEqualTo("offline");
    }
  }

  @Test
  void aChangeReachesASubscriberOnceHoweverManyChatsTheyShare() throws Exception {
    Agent alice = available(mesh.agent("alice"));
    Agent bob = mesh.agent("bob");
    for (int i = 0; i < 10; i++) {
      mesh.chat(alice, "group", bob);
    }
    try (WsClient bobs = watch(bob, 0); WsClient alices = session(alice, 1)) {
      change(bobs, alice, "available");
      assertNoChange(bobs, alice, Duration.ofSeconds(1));
      assertThat(entries(bobs, alice)).hasSize(1);
    }
  }

  @Test
  void manyChangesAtOnceCoalesceIntoFewFrames() throws Exception {
    Agent bob = mesh.agent("bob");
    List<Agent> team = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      team.add(available(mesh.agent("agent" + i)));
    }
    List<WsClient> sessions = new ArrayList<>();
    try (WsClient bobs = watch(bob, 0)) {
      for (int i = 0; i < team.size(); i++) {
        sessions.add(session(team.get(i), i % 2));
      }
      for (Agent agent : team) {
        change(bobs, agent, "available");
      }
      java.util.Set<String> ids = new java.util.HashSet<>();
      team.forEach(a -> ids.add(a.id()));
      long frames = bobs.seen().stream().filter(f -> entryIn(f, e -> ids.contains(e.getString("agent_id"))) != null)
          .count();
      assertThat(frames).as("12 agents came online; their changes share frames").isLessThan(team.size());
    } finally {
      sessions.forEach(WsClient::close);
    }
  }

  @Test
  void nobodySubscribesToWhatItMayNotSee() throws Exception {
    Agent alice = mesh.agent("alice");
    Agent mallory = mesh.agent("mallory");
    try (WsClient mallorys = WsClient.connect(mesh.vertx(), mesh.stack().wsPorts().get(0), mallory.token())) {
      mallorys.send(subscribe("agent_id:" + alice.id() + ":presence"));
      assertThat(mallorys.next("error").getString("reason")).isEqualTo("TOPIC_NOT_ALLOWED");
      mallorys.send(subscribe("customer_id:" + mallory.customerId() + ":presence"));
      assertThat(mallorys.next("error").getString("reason")).as("the customer topic is for managers")
          .isEqualTo("TOPIC_NOT_ALLOWED");
      mallorys.send(subscribe("agent_id:not-a-uuid:presence"));
      assertThat(mallorys.next("error").getString("reason")).isEqualTo("INVALID_TOPIC");
      mallorys.send(subscribe("agent_id:" + mallory.id() + ":presence"));
      assertThat(mallorys.next("subscribed").getJsonArray("topics")).containsExactly("agent_id:" + mallory.id()
          + ":presence");
      mallorys.send(new JsonObject().put("type", "unsubscribe").put("topics", new io.vertx.core.json.JsonArray()
          .add("agent_id:" + mallory.id() + ":presence")).encode());
      mallorys.next("unsubscribed");
      try (WsClient alices = session(available(alice), 1)) {
        mallorys.assertNone("presence", Duration.ofSeconds(2));
      }
    }
  }

  /** Over the window, the watcher receives no change of the agent (other agents' changes may come). */
  private static void assertNoChange(WsClient watcher, Agent agent, Duration window) throws InterruptedException {
    int before = watcher.seen().size();
    watcher.assertNone("no frame has this type", window);
    List<JsonObject> seen = watcher.seen();
    for (int i = before; i < seen.size(); i++) {
      assertThat(entryIn(seen.get(i), e -> agent.id().equals(e.getString("agent_id")))).as("a change of %s in %s",
          agent.name(), seen.get(i)).isNull();
    }
  }

  private static String subscribe(String topic) {
    return new JsonObject().put("type", "subscribe").put("topics", new io.vertx.core.json.JsonArray().add(topic))
        .encode();
  }

  /** A session of the agent watching its customer's presence. */
  private static WsClient watch(Agent agent, int push) throws Exception {
    return WsClient.connect(mesh.vertx(), mesh.stack().wsPorts().get(push), agent.token())
        .subscribe("agent_id:" + agent.id() + ":presence");
  }

  /** A session of the agent that subscribes to nothing: being connected is what makes it online. */
  private static WsClient session(Agent agent, int push) throws Exception {
    return WsClient.connect(mesh.vertx(), mesh.stack().wsPorts().get(push), agent.token());
  }

  /** Per watcher and agent, the index in {@link WsClient#seen()} of the frame that held its last change looked at. */
  private static final java.util.Map<WsClient, java.util.Map<String, Integer>> CURSORS = new java.util.IdentityHashMap<>();

  /**
   * The agent's next presence entry after the last one looked at, which must show this presence (changes of one agent
   * reach a watcher in order). Frames skipped while waiting for another are looked at first.
   */
  private static JsonObject change(WsClient watcher, Agent agent, String presence) throws InterruptedException {
    java.util.Map<String, Integer> cursors = CURSORS.computeIfAbsent(watcher, w -> new java.util.HashMap<>());
    Predicate<JsonObject> ofAgent = e -> agent.id().equals(e.getString("agent_id"));
    int from = cursors.getOrDefault(agent.id(), -1) + 1;
    List<JsonObject> seen = watcher.seen();
    for (int i = from; i < seen.size(); i++) {
      JsonObject found = entryIn(seen.get(i), ofAgent);
      if (found != null) {
        cursors.put(agent.id(), i);
        assertThat(found.getString("presence")).as("the change after the last of %s", agent.name()).isEqualTo(presence);
        return found;
      }
    }
    watcher.next(f -> entryIn(f, ofAgent) != null, WAIT);
    cursors.put(agent.id(), seen.size() - 1);
    JsonObject found = entryIn(seen.get(seen.size() - 1), ofAgent);
    assertThat(found.getString("presence")).as("the change after the last of %s", agent.name()).isEqualTo(presence);
    return found;
  }

  private static JsonObject entryIn(JsonObject frame, Predicate<JsonObject> entry) {
    if (!"presence".equals(frame.getString("type"))) {
      return null;
    }
    for (Object e : frame.getJsonObject("data").getJsonArray("agents")) {
      if (e instanceof JsonObject json && entry.test(json)) {
        return json;
      }
    }
    return null;
  }

  private static List<JsonObject> entries(WsClient watcher, Agent agent) {
    List<JsonObject> found = new ArrayList<>();
    for (JsonObject frame : watcher.seen()) {
      if ("presence".equals(frame.getString("type"))) {
        frame.getJsonObject("data").getJsonArray("agents").stream().map(JsonObject.class::cast)
            .filter(e -> agent.id().equals(e.getString("agent_id"))).forEach(found::add);
      }
    }
    return found;
  }

  private static Agent available(Agent agent) {
    setStatus(agent, "available");
    return agent;
  }

  private static void setStatus(Agent agent, String status) {
    ScaledMesh.ok(mesh.api().put("/v1.0/service_agents/me/status", agent.token(), new JsonObject().put("status", status)));
  }

  private static String presence(Agent reader, Agent agent) {
    return ScaledMesh.ok(mesh.api().get("/v1.0/agents/" + agent.id(), reader.token())).getString("presence");
  }
}
