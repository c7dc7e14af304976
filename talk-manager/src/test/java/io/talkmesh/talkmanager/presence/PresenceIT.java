package io.talkmesh.talkmanager.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.model.Actor;
import io.talkmesh.common.rpc.RpcResponse;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence through talk-manager's RPC route on a real database: push instances' reports, the grace, instances that
 * stop renewing, status changes, and the events each change appends (docs/websocket.md, "Presence").
 */
class PresenceIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();
  private final PresenceService sweeper = new PresenceService(rpc.pool(), TalkRpc.PRESENCE);

  @Test
  void anAgentIsOnlineWhileSomeInstanceHoldsASessionOfItAndOfflineAfterTheGrace() throws Exception {
    Actor agent = available(rpc.newAgent(rpc.admin()));
    UUID one = UUID.randomUUID();
    UUID two = UUID.randomUUID();
    assertThat(presence(agent)).as("no session anywhere").isEqualTo("offline");
    report(one, true, List.of(agent), List.of());
    assertThat(presence(agent)).isEqualTo("available");
    report(two, true, List.of(agent), List.of());
    report(one, false, List.of(), List.of(agent));
    sweepAfterGrace();
    assertThat(presence(agent)).as("its session on the other instance still counts").isEqualTo("available");
    report(two, false, List.of(), List.of(agent));
    assertThat(sweep()).as("within the grace").isZero();
    assertThat(presence(agent)).isEqualTo("available");
    sweepAfterGrace();
    assertThat(presence(agent)).isEqualTo("offline");
    assertThat(events(agent)).containsExactly("available", "offline");
  }

  @Test
  void aSessionBackWithinTheGraceIsNoChangeAtAll() throws Exception {
    Actor agent = available(rpc.newAgent(rpc.admin()));
    UUID one = UUID.randomUUID();
    UUID two = UUID.randomUUID();
    report(one, true, List.of(agent), List.of());
    report(one, false, List.of(), List.of(agent));
    report(two, true, List.of(agent), List.of());
    sweepAfterGrace();
    assertThat(presence(agent)).isEqualTo("available");
    assertThat(events(agent)).as("a reload, or a move to another instance, does not flap").containsExactly("available");
  }

  @Test
  void anInstanceThatStopsRenewingTakesItsAgentsOfflineAndMustResyncAfterwards() throws Exception {
    Actor agent = available(rpc.newAgent(rpc.admin()));
    UUID instance = UUID.randomUUID();
    rpc.ok(null, "POST", path(instance), body(1000, true, List.of(agent), List.of()));
    assertThat(presence(agent)).isEqualTo("available");
    Thread.sleep(1100);
    sweep();
    sweepAfterGrace();
    assertThat(presence(agent)).as("the instance expired").isEqualTo("offline");
    assertThat(rpc.rows("SELECT 1 FROM talk_push_instances WHERE instance_id = $1", instance)).isEmpty();
    JsonObject late = rpc.ok(null, "POST", path(instance), body(1000, false, List.of(rpc.newAgent(rpc.admin())),
        List.of()));
    assertThat(late.getBoolean("resync")).as("a change from a set it no longer holds is not applied").isTrue();
    assertThat(presence(agent)).isEqualTo("offline");
    JsonObject full = report(instance, true, List.of(agent), List.of());
    assertThat(full.getBoolean("resync")).isFalse();
    assertThat(presence(agent)).isEqualTo("available");
  }

  @Test
  void aFullReportReplacesTheInstancesSet() throws Exception {
    Actor stays = available(rpc.newAgent(rpc.admin()));
    Actor leaves = available(rpc.newAgent(rpc.admin()));
    UUID instance = UUID.randomUUID();
    report(instance, true, List.of(stays, leaves), List.of());
    report(instance, true, List.of(stays), List.of());
    sweepAfterGrace();
    assertThat(presence(stays)).isEqualTo("available");
    assertThat(presence(leaves)).isEqualTo("offline");
  }

  @Test
  void aStatusChangeIsAPresenceChangeOnlyWhileOnline() throws Exception {
    Actor agent = rpc.newAgent(rpc.admin());
    UUID instance = UUID.randomUUID();
    report(instance, true, List.of(agent), List.of());
    assertThat(presence(agent)).as("connected, but its status is VoIPBIN's default, offline").isEqualTo("offline");
    assertThat(events(agent)).isEmpty();
    setStatus(agent, "busy");
    assertThat(presence(agent)).isEqualTo("busy");
    JsonObject byAdmin = rpc.ok(rpc.admin(), "PUT", "/v1/agents/" + agent.ownerId() + "/status",
        new JsonObject().put("status", "away"));
    assertThat(byAdmin.getString("presence")).isEqualTo("away");
    setStatus(agent, "away");
    setStatus(agent, "offline");
    assertThat(presence(agent)).as("appearing offline").isEqualTo("offline");
    assertThat(events(agent)).containsExactly("busy", "away", "offline");
    report(instance, false, List.of(), List.of(agent));
    sweepAfterGrace();
    setStatus(agent, "available");
    assertThat(presence(agent)).as("no session").isEqualTo("offline");
    assertThat(events(agent)).as("going offline while appearing offline changes nothing; nor a status while offline")
        .containsExactly("busy", "away", "offline");
  }

  @Test
  void listsAndEventsCarryTheChangesTime() throws Exception {
    Actor agent = available(rpc.newAgent(rpc.admin()));
    report(UUID.randomUUID(), true, List.of(agent), List.of());
    JsonObject listed = rpc.ok(rpc.alice(), "GET", "/v1/agents?page_size=100").getJsonArray("result").stream()
        .map(JsonObject.class::cast).filter(a -> agent.ownerId().toString().equals(a.getString("id")))
        .findFirst().orElseThrow();
    assertThat(listed.getString("presence")).isEqualTo("available");
    JsonObject event = (JsonObject) rpc.rows("SELECT data FROM talk_events WHERE chat_id = $1 AND type = $2",
        agent.ownerId(), "agent_presence_updated").get(0).getValue("data");
    assertThat(event.getString("tm_presence")).isEqualTo(listed.getString("tm_presence")).isNotEmpty();
    assertThat(event.getString("customer_id")).isEqualTo(agent.customerId().toString());
  }

  @Test
  void deletedAndUnknownAgentsAreNoSessionAndBreakNoReport() throws Exception {
    Actor agent = available(rpc.newAgent(rpc.admin()));
    Actor deleted = rpc.newAgent(rpc.admin());
    rpc.ok(rpc.admin(), "DELETE", "/v1/agents/" + deleted.ownerId());
    UUID instance = UUID.randomUUID();
    JsonObject reply = rpc.ok(null, "POST", path(instance), body(15_000, true, List.of(agent, deleted),
        List.of()).put("online", new JsonArray().add(agent.ownerId().toString()).add(deleted.ownerId().toString())
        .add(UUID.randomUUID().toString())));
    assertThat(reply.getInteger("changed")).isEqualTo(1);
    assertThat(rpc.rows("SELECT agent_id FROM talk_agent_sessions WHERE instance_id = $1", instance)).hasSize(1);
  }

  @Test
  void malformedReportsAreRefused() {
    UUID instance = UUID.randomUUID();
    TalkRpc.assertRefused(rpc.call(null, "POST", path(instance), new JsonObject().put("ttl_ms", 10)),
        io.talkmesh.common.error.Status.INVALID_ARGUMENT, "INVALID_TTL");
    JsonArray many = new JsonArray();
    for (int i = 0; i < 5001; i++) {
      many.add(UUID.randomUUID().toString());
    }
    TalkRpc.assertRefused(rpc.call(null, "POST", path(instance), new JsonObject().put("ttl_ms", 15_000)
        .put("online", many)), io.talkmesh.common.error.Status.INVALID_ARGUMENT, "TOO_MANY_AGENTS");
    TalkRpc.assertRefused(rpc.call(null, "POST", path(instance), new JsonObject().put("ttl_ms", 15_000)
        .put("online", new JsonArray().add("nope"))), io.talkmesh.common.error.Status.INVALID_ARGUMENT, "INVALID_ID");
  }

  /**
   * Two instances report the same agents at once, over and over, in opposite orders: every report commits (the
   * agents' rows are locked in id order, so they never deadlock) and the end state is what the last reports say.
   */
  @Test
  void concurrentReportsOfTwoInstancesNeitherDeadlockNorLoseTheEndState() throws Exception {
    List<Actor> agents = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      agents.add(available(rpc.newAgent(rpc.admin())));
    }
    List<Actor> reversed = new ArrayList<>(agents);
    java.util.Collections.reverse(reversed);
    UUID one = UUID.randomUUID();
    UUID two = UUID.randomUUID();
    Future<RpcResponse> a = Future.succeededFuture();
    Future<RpcResponse> b = Future.succeededFuture();
    for (int round = 0; round < 15; round++) {
      boolean up = round % 2 == 0;
      a = a.compose(r -> rpc.callAsync(null, "POST", path(one), body(15_000, false, up ? agents : List.of(),
          up ? List.of() : agents)));
      b = b.compose(r -> rpc.callAsync(null, "POST", path(two), body(15_000, false, up ? List.of() : reversed,
          up ? reversed : List.of())));
    }
    List<RpcResponse> last = TalkRpc.awaitAll(Future.all(a, b).map(cf -> List.<RpcResponse>of(cf.resultAt(0),
        cf.resultAt(1))));
    last.forEach(r -> assertThat(r.statusCode()).as(String.valueOf(r.data())).isEqualTo(200));
    // the last round (14) is "up" for one, "down" for two: every agent holds a session on one only
    assertThat(rpc.rows("SELECT agent_id FROM talk_agent_sessions WHERE instance_id = $1", one)).hasSize(20);
    assertThat(rpc.rows("SELECT agent_id FROM talk_agent_sessions WHERE instance_id = $1", two)).isEmpty();
    sweepAfterGrace();
    for (Actor agent : agents) {
      assertThat(presence(agent)).isEqualTo("available");
    }
  }

  private static Actor available(Actor agent) {
    setStatus(agent, "available");
    return agent;
  }

  private static void setStatus(Actor agent, String status) {
    rpc.ok(agent, "PUT", "/v1/me/status", new JsonObject().put("status", status));
  }

  private static String presence(Actor agent) {
    return rpc.ok(rpc.admin(), "GET", "/v1/agents/" + agent.ownerId()).getString("presence");
  }

  /** The presence values of the agent's presence events, in seq order. */
  private static List<String> events(Actor agent) {
    List<String> values = new ArrayList<>();
    rpc.rows("SELECT data FROM talk_events WHERE chat_id = $1 AND type = $2 ORDER BY seq", agent.ownerId(),
        "agent_presence_updated").forEach(row -> values.add(((JsonObject) row.getValue("data")).getString("presence")));
    return values;
  }

  private static JsonObject report(UUID instance, boolean full, List<Actor> online, List<Actor> offline) {
    return rpc.ok(null, "POST", path(instance), body(15_000, full, online, offline));
  }

  private static JsonObject body(long ttlMs, boolean full, List<Actor> online, List<Actor> offline) {
    JsonArray up = new JsonArray();
    online.forEach(a -> up.add(a.ownerId().toString()));
    JsonArray down = new JsonArray();
    offline.forEach(a -> down.add(a.ownerId().toString()));
    return new JsonObject().put("ttl_ms", ttlMs).put("full", full).put("online", up).put("offline", down);
  }

  private static String path(UUID instance) {
    return "/v1/presence/instances/" + instance;
  }

  private int sweep() {
    return TalkRpc.awaitAll(sweeper.sweep());
  }

  private void sweepAfterGrace() throws InterruptedException {
    Thread.sleep(TalkRpc.PRESENCE.graceMs() + 50);
    sweep();
  }
}
