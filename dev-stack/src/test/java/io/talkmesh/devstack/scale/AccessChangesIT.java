package io.talkmesh.devstack.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.push.PushFrames;
import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Access changes take effect everywhere: with two gateways and two push instances, a deleted agent's token is refused
 * at both gateways within a second and its sessions on both push instances close; a lowered permission denies the
 * next request; an agent's own password change keeps its calling token and kills its others; an admin's kills all;
 * a gateway started after the change refuses too. The waits are deadlines on what a client sees (no sleeps).
 */
class AccessChangesIT {
  private static final Duration WITHIN = Duration.ofSeconds(1);
  private static final String ME = "/v1.0/service_agents/me";
  private static final String OPERATOR = "platform-operator";
  private static final String OPERATOR_PASSWORD = "operator-" + java.util.UUID.randomUUID();
  private Stack stack;
  private Vertx client;
  private final List<HttpApi> gateways = new ArrayList<>();
  private final List<PushListener> listeners = new ArrayList<>();
  private String adminToken;

  @BeforeEach
  void startMesh() throws Exception {
    stack = Readiness.freshStack();
    stack.env().put("TALK_PLATFORM_ADMIN_USERNAME", OPERATOR);
    stack.env().put("TALK_PLATFORM_ADMIN_PASSWORD", OPERATOR_PASSWORD);
    stack.startTalkManager().startGateway().startGateway().startPush().startPush();
    client = Vertx.vertx();
    stack.httpPorts().forEach(port -> gateways.add(new HttpApi(client, port)));
    Readiness.await(client, stack);
    adminToken = gateways.get(0).login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
  }

  @AfterEach
  void stopMesh() throws Exception {
    listeners.forEach(PushListener::close);
    gateways.forEach(HttpApi::close);
    client.close().await(10, TimeUnit.SECONDS);
    stack.close();
  }

  private PushListener listen(Agent agent, String token, int push) throws Exception {
    PushListener listener = new PushListener(client, agent.name() + "@" + push, token,
        "agent_id:" + agent.id() + ":chat");
    listeners.add(listener.connect(stack.wsPorts().get(push)));
    return listener;
  }

  /** Both gateways answer {@code token} on GET /me with this status (and, for 401, this reason) within a second. */
  private void atEveryGateway(String token, int status, String reason) throws InterruptedException {
    for (HttpApi gateway : gateways) {
      PushListener.await(() -> {
        HttpApi.Reply reply = gateway.get(ME, token);
        return reply.status() == status && (reason == null
            || reason.equals(reply.json().getJsonObject("error").getString("reason")));
      }, WITHIN, "GET /me at gateway " + gateway.port() + " answering " + status + " " + reason);
    }
  }

  private void warm(String token) {
    for (HttpApi gateway : gateways) {
      assertThat(gateway.get(ME, token).status()).as("GET /me at %s", gateway.port()).isEqualTo(200);
    }
  }

  @Test
  void aDeletedAgentIsRefusedEverywhereAndItsSessionsClose() throws Exception {
    Agent doomed = Agent.create(gateways.get(0), adminToken, "doomed", gateways.get(1));
    warm(doomed.token());
    PushListener first = listen(doomed, doomed.token(), 0);
    PushListener second = listen(doomed, doomed.token(), 1);

    assertThat(gateways.get(1).delete("/v1.0/agents/" + doomed.id(), adminToken).status()).isEqualTo(200);

    atEveryGateway(doomed.token(), 401, "TOKEN_REVOKED");
    assertThat(first.awaitClose(WITHIN)).isEqualTo(PushFrames.CLOSE_ACCESS_CHANGED);
    assertThat(second.awaitClose(WITHIN)).isEqualTo(PushFrames.CLOSE_ACCESS_CHANGED);
    stack.startGateway();
    try (HttpApi late = new HttpApi(client, stack.httpPorts().get(2))) {
      Readiness.await(client, stack);
      HttpApi.Reply refused = late.get(ME, doomed.token());
      assertThat(refused.status()).as("a gateway started after the delete: %s", refused).isEqualTo(401);
      assertThat(refused.json().getJsonObject("error").getString("reason")).isEqualTo("TOKEN_REVOKED");
    }
  }

  @Test
  void aDeletedCustomersAgentsAreRefusedEverywhereAndTheirSessionsClose() throws Exception {
    String operator = gateways.get(0).login(OPERATOR, OPERATOR_PASSWORD);
    String adminName = "acme-admin-" + System.nanoTime();
    HttpApi.Reply created = gateways.get(0).post("/v1.0/customers", operator, new JsonObject().put("name", "Acme")
        .put("admin_username", adminName).put("admin_password", "acme-admin-password"));
    assertThat(created.status()).as("%s", created).isEqualTo(200);
    String acmeAdmin = gateways.get(1).login(adminName, "acme-admin-password");
    Agent worker = Agent.create(gateways.get(1), acmeAdmin, "worker", gateways.get(0));
    warm(worker.token());
    warm(acmeAdmin);
    PushListener first = listen(worker, worker.token(), 0);
    PushListener second = listen(worker, worker.token(), 1);

    HttpApi.Reply deleted = gateways.get(1).delete("/v1.0/customers/" + created.json().getString("id"), operator);
    assertThat(deleted.status()).as("%s", deleted).isEqualTo(200);

    atEveryGateway(worker.token(), 401, "TOKEN_REVOKED");
    atEveryGateway(acmeAdmin, 401, "TOKEN_REVOKED");
    assertThat(first.awaitClose(WITHIN)).isEqualTo(PushFrames.CLOSE_ACCESS_CHANGED);
    assertThat(second.awaitClose(WITHIN)).isEqualTo(PushFrames.CLOSE_ACCESS_CHANGED);
    assertThat(gateways.get(0).get(ME, gateways.get(0).login(OPERATOR, OPERATOR_PASSWORD)).status())
        .as("the operator itself is untouched").isEqualTo(200);
  }

  @Test
  void aLoweredPermissionDeniesTheNextRequestAndClosesTheSession() throws Exception {
    Agent boss = Agent.create(gateways.get(0), adminToken, "boss");
    gateways.get(0).put("/v1.0/agents/" + boss.id() + "/permission", adminToken, new JsonObject().put("permission", 32));
    JsonObject newcomer = new JsonObject().put("username", "n-" + System.nanoTime()).put("password", "pw-newcomer");
    assertThat(gateways.get(1).post("/v1.0/agents", boss.token(), newcomer).status())
        .as("the raised permission applies to the same token").isEqualTo(200);
    PushListener session = listen(boss, boss.token(), 1);

    assertThat(gateways.get(0).put("/v1.0/agents/" + boss.id() + "/permission", adminToken,
        new JsonObject().put("permission", 16)).status()).isEqualTo(200);

    for (HttpApi gateway : gateways) {
      PushListener.await(() -> gateway.post("/v1.0/agents", boss.token(), newcomer.copy()
          .put("username", "m-" + System.nanoTime())).status() == 403, WITHIN, "403 at gateway " + gateway.port());
    }
    assertThat(session.awaitClose(WITHIN)).isEqualTo(PushFrames.CLOSE_ACCESS_CHANGED);
    assertThat(gateways.get(0).get(ME, boss.token()).status()).as("the token itself still works").isEqualTo(200);
  }

  @Test
  void anAgentsOwnPasswordChangeKeepsItsTokenAndEndsItsOthers() throws Exception {
    Agent agent = Agent.create(gateways.get(0), adminToken, "changer");
    String other = gateways.get(1).login(agent.username(), agent.password());
    warm(agent.token());
    warm(other);
    PushListener kept = listen(agent, agent.token(), 0);
    PushListener ended = listen(agent, other, 1);

    assertThat(gateways.get(0).put(ME + "/password", agent.token(), new JsonObject().put("password", "pw-changed"))
        .status()).isEqualTo(200);

    atEveryGateway(other, 401, "TOKEN_REVOKED");
    assertThat(ended.awaitClose(WITHIN)).isEqualTo(PushFrames.CLOSE_ACCESS_CHANGED);
    for (HttpApi gateway : gateways) {
      assertThat(gateway.get(ME, agent.token()).status()).as("the caller's token at %s", gateway.port()).isEqualTo(200);
    }
    String fresh = gateways.get(1).login(agent.username(), "pw-changed");
    warm(fresh);
    assertThat(kept.controls()).noneMatch(f -> "error".equals(f.getString("type")));
    assertThat(listeners.get(0).connections()).isEqualTo(1);
  }

  @Test
  void anAdminsPasswordChangeEndsEverySession() throws Exception {
    Agent agent = Agent.create(gateways.get(0), adminToken, "reset");
    String second = gateways.get(1).login(agent.username(), agent.password());
    warm(agent.token());
    PushListener session = listen(agent, agent.token(), 0);

    assertThat(gateways.get(1).put("/v1.0/agents/" + agent.id() + "/password", adminToken,
        new JsonObject().put("password", "pw-reset")).status()).isEqualTo(200);

    atEveryGateway(agent.token(), 401, "TOKEN_REVOKED");
    atEveryGateway(second, 401, "TOKEN_REVOKED");
    assertThat(session.awaitClose(WITHIN)).isEqualTo(PushFrames.CLOSE_ACCESS_CHANGED);
    warm(gateways.get(0).login(agent.username(), "pw-reset"));
  }

  @Test
  void anAgentCannotTouchAnotherAgentNorRaiseItselfNorSeeAnotherCustomer() throws Exception {
    Agent mallory = Agent.create(gateways.get(0), adminToken, "mallory");
    Agent victim = Agent.create(gateways.get(0), adminToken, "victim");
    HttpApi gw = gateways.get(1);
    assertThat(gw.put("/v1.0/agents/" + victim.id() + "/password", mallory.token(),
        new JsonObject().put("password", "pw-stolen")).status()).isEqualTo(403);
    assertThat(gw.put("/v1.0/agents/" + victim.id() + "/permission", mallory.token(),
        new JsonObject().put("permission", 0)).status()).isEqualTo(403);
    assertThat(gw.put("/v1.0/agents/" + mallory.id() + "/permission", mallory.token(),
        new JsonObject().put("permission", 32)).status()).isEqualTo(403);
    assertThat(gw.put(ME, mallory.token(), new JsonObject().put("permission", 240)).status()).isEqualTo(200);
    assertThat(gw.delete("/v1.0/agents/" + victim.id(), mallory.token()).status()).isEqualTo(403);
    assertThat(gw.get(ME, mallory.token()).json().getLong("permission")).isEqualTo(16);
    assertThat(gw.get(ME, victim.token()).status()).as("the victim's token").isEqualTo(200);
    assertThat(gw.get("/v1.0/agents/" + java.util.UUID.randomUUID(), mallory.token()).status()).isEqualTo(404);
    HttpApi.Reply platform = gw.put("/v1.0/agents/" + victim.id() + "/permission", adminToken,
        new JsonObject().put("permission", 65535));
    assertThat(platform.status()).as("even an admin gives no platform bits: %s", platform).isEqualTo(400);
  }
}
