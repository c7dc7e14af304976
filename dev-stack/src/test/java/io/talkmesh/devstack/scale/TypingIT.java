package io.talkmesh.devstack.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.system.WsClient;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Typing over the whole mesh with two push instances: a participant's typing reaches the chat's other members on
 * the other instance, never the typist's own devices nor a non-member; a flood of starts is coalesced; a stop
 * follows; a non-participant is refused; messages keep flowing beside it.
 */
class TypingIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration QUIET = Duration.ofSeconds(1);
  private static final String TALK = "/v1.0/service_agents";
  private static Stack stack;
  private static Vertx client;
  private static HttpApi api;
  private static String adminToken;

  @BeforeAll
  static void startMesh() throws Exception {
    stack = Readiness.freshStack();
    stack.startTalkManager().startGateway().startPush().startPush();
    client = Vertx.vertx();
    api = new HttpApi(client, stack.httpPorts().get(0));
    Readiness.await(client, stack);
    adminToken = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stopMesh() throws Exception {
    api.close();
    client.close().await(10, TimeUnit.SECONDS);
    stack.close();
  }

  private static WsClient device(Agent agent, int push) throws Exception {
    return WsClient.connect(client, stack.wsPorts().get(push), agent.token()).subscribe("agent_id:" + agent.id() + ":chat");
  }

  private static String chat(Agent creator, Agent... others) {
    JsonArray participants = new JsonArray();
    for (Agent other : others) {
      participants.add(new JsonObject().put("owner_type", "agent").put("owner_id", other.id()));
    }
    HttpApi.Reply reply = api.post(TALK + "/talk_chats", creator.token(), new JsonObject().put("type", "group")
        .put("name", "typing").put("participants", participants));
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    return reply.json().getString("id");
  }

  private static String typing(String type, String chat) {
    return new JsonObject().put("type", type).put("chat_id", chat).encode();
  }

  @Test
  void typingCrossesInstancesToTheOtherMembersOnly() throws Exception {
    Agent alice = Agent.create(api, adminToken, "alice");
    Agent bob = Agent.create(api, adminToken, "bob");
    Agent carol = Agent.create(api, adminToken, "carol");
    try (WsClient alicesDesk = device(alice, 0); WsClient alicesPhone = device(alice, 1);
         WsClient bobs = device(bob, 1); WsClient carols = device(carol, 1)) {
      String chat = chat(alice, bob);
      bobs.next("chat_created");
      alicesDesk.send(typing("typing_start", chat));
      JsonObject shown = bobs.next(f -> "typing".equals(f.getString("type")), WAIT).getJsonObject("data");
      assertThat(shown.getString("chat_id")).isEqualTo(chat);
      assertThat(shown.getString("agent_id")).isEqualTo(alice.id());
      assertThat(shown.getString("state")).isEqualTo("started");
      assertThat(shown.getLong("expires_in_ms")).isEqualTo(5000L);

      alicesDesk.send(typing("typing_stop", chat));
      JsonObject stopped = bobs.next(f -> "typing".equals(f.getString("type"))
          && "stopped".equals(f.getJsonObject("data").getString("state")), WAIT).getJsonObject("data");
      assertThat(stopped.getString("agent_id")).isEqualTo(alice.id());
      alicesPhone.assertNone("typing", QUIET);
      carols.assertNone("typing", QUIET);
    }
  }

  @Test
  void aFloodOfStartsIsCoalescedAndMessagesFlowBesideIt() throws Exception {
    Agent alice = Agent.create(api, adminToken, "alice");
    Agent bob = Agent.create(api, adminToken, "bob");
    try (WsClient alices = device(alice, 0); WsClient bobs = device(bob, 1)) {
      String chat = chat(alice, bob);
      bobs.next("chat_created");
      for (int i = 0; i < 40; i++) {
        alices.send(typing("typing_start", chat));
      }
      String message = api.post(TALK + "/talk_messages", alice.token(), new JsonObject().put("chat_id", chat)
          .put("text", "after the flood")).json().getString("id");
      bobs.next(f -> "chatmessage_created".equals(f.getString("type"))
          && message.equals(f.getJsonObject("data").getString("id")), WAIT);
      bobs.assertNone("chat_deleted", QUIET); // let the signals settle
      long shown = bobs.seen().stream().filter(f -> "typing".equals(f.getString("type"))).count();
      assertThat(shown).as("40 starts within the interval are one signal").isEqualTo(1);
    }
  }

  @Test
  void aNonParticipantIsRefusedAndNobodyIsShown() throws Exception {
    Agent alice = Agent.create(api, adminToken, "alice");
    Agent bob = Agent.create(api, adminToken, "bob");
    Agent mallory = Agent.create(api, adminToken, "mallory");
    try (WsClient bobs = device(bob, 1); WsClient mallorys = device(mallory, 0)) {
      String chat = chat(alice, bob);
      bobs.next("chat_created");
      mallorys.send(typing("typing_start", chat));
      JsonObject error = mallorys.next("error");
      assertThat(error.getString("reason")).isEqualTo("NOT_PARTICIPANT");
      mallorys.send("{\"type\":\"typing_start\",\"chat_id\":\"not-a-chat\"}");
      assertThat(mallorys.next("error").getString("reason")).isEqualTo("INVALID_FRAME");
      bobs.assertNone("typing", QUIET);
    }
  }
}
