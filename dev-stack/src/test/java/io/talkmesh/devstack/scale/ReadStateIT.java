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
 * Read state over the whole mesh, with an agent's two devices on two push instances: unread and mention counts in
 * the chat list, a mark from one device clearing the other's badge live ({@code chat_read}, to the agent's own
 * sessions only), a direct chat's read receipt reaching the other participant, and nobody else hearing of either.
 */
class ReadStateIT {
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

  private static JsonObject ok(HttpApi.Reply reply) {
    assertThat(reply.status()).as("expected 200, got %s", reply).isEqualTo(200);
    return reply.json();
  }

  private static JsonObject listed(Agent agent, String chat) {
    return ok(api.get(TALK + "/talk_chats?page_size=100", agent.token())).getJsonArray("result").stream()
        .map(JsonObject.class::cast).filter(c -> chat.equals(c.getString("id"))).findFirst().orElseThrow();
  }

  private static String chat(Agent creator, String type, Agent... others) {
    JsonArray participants = new JsonArray();
    for (Agent other : others) {
      participants.add(new JsonObject().put("owner_type", "agent").put("owner_id", other.id()));
    }
    return ok(api.post(TALK + "/talk_chats", creator.token(), new JsonObject().put("type", type).put("name", type)
        .put("participants", participants))).getString("id");
  }

  @Test
  void aMarkOnOneDeviceClearsTheBadgeOnTheOtherAndNobodyElseHearsOfIt() throws Exception {
    Agent alice = Agent.create(api, adminToken, "alice");
    Agent dave = Agent.create(api, adminToken, "dave");
    Agent bob = Agent.create(api, adminToken, "bob");
    try (WsClient phone = device(dave, 0); WsClient desk = device(dave, 1); WsClient bobs = device(bob, 1)) {
      String chat = chat(alice, "group", dave, bob);
      ok(api.post(TALK + "/talk_messages", alice.token(), new JsonObject().put("chat_id", chat).put("text", "@dave look")
          .put("mentions", new JsonArray().add(dave.id()))));
      String second = ok(api.post(TALK + "/talk_messages", bob.token(), new JsonObject().put("chat_id", chat)
          .put("text", "me too"))).getString("id");
      desk.next(f -> "chatmessage_created".equals(f.getString("type"))
          && second.equals(f.getJsonObject("data").getString("id")), WAIT);
      JsonObject before = listed(dave, chat);
      assertThat(before.getLong("unread_count")).isEqualTo(2);
      assertThat(before.getInteger("mention_count")).isEqualTo(1);

      JsonObject state = ok(api.post(TALK + "/talk_chats/" + chat + "/read", dave.token(), new JsonObject()));
      assertThat(state.getLong("unread_count")).isZero();
      assertThat(state.getString("read_message_id")).isEqualTo(second);

      for (WsClient device : new WsClient[] {desk, phone}) {
        JsonObject read = device.next(f -> "chat_read".equals(f.getString("type"))
            && chat.equals(f.getJsonObject("data").getString("chat_id")), WAIT).getJsonObject("data");
        assertThat(read.getLong("unread_count")).isZero();
        assertThat(read.getInteger("mention_count")).isZero();
        assertThat(read.getString("read_message_id")).isEqualTo(second);
      }
      bobs.assertNone("chat_read", QUIET);
      assertThat(listed(dave, chat).getLong("unread_count")).isZero();
      assertThat(listed(bob, chat).getLong("unread_count")).as("bob's own state is his").isEqualTo(1);
    }
  }

  @Test
  void aDirectChatsReceiptReachesTheOtherParticipantWithoutCounts() throws Exception {
    Agent erin = Agent.create(api, adminToken, "erin");
    Agent fred = Agent.create(api, adminToken, "fred");
    try (WsClient erins = device(erin, 0)) {
      String chat = chat(erin, "direct", fred);
      String hi = ok(api.post(TALK + "/talk_messages", erin.token(), new JsonObject().put("chat_id", chat)
          .put("text", "hi"))).getString("id");
      ok(api.post(TALK + "/talk_chats/" + chat + "/read", fred.token(), new JsonObject().put("message_id", hi)));
      JsonObject receipt = erins.next("chatparticipant_read").getJsonObject("data");
      assertThat(receipt.getString("owner_id")).isEqualTo(fred.id());
      assertThat(receipt.getString("read_message_id")).isEqualTo(hi);
      assertThat(receipt.containsKey("unread_count")).isFalse();
      erins.assertNone("chat_read", QUIET);
    }
  }
}
