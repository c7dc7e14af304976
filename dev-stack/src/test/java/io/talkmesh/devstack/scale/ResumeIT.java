package io.talkmesh.devstack.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.system.WsClient;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resume on one instance of each service: a client that reconnects with the last seq of each chat gets every event
 * it missed, in order, once, then "resumed", then live events; a chat it may not read, or does not subscribe to,
 * is answered per chat and the connection stays open.
 */
class ResumeIT {
  private static final Duration DELIVERY = Duration.ofSeconds(20);
  private static Stack stack;
  private static Vertx client;
  private static HttpApi api;
  private static String adminToken;

  @BeforeAll
  static void startMesh() throws Exception {
    stack = Readiness.freshStack().startTalkManager().startGateway().startPush();
    client = Vertx.vertx();
    api = new HttpApi(client, stack.httpPort());
    Readiness.await(client, stack);
    adminToken = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stopMesh() throws Exception {
    api.close();
    client.close().await(10, TimeUnit.SECONDS);
    stack.close();
  }

  private static Agent agent(String base) {
    return Agent.create(api, adminToken, base);
  }

  private static String group(Agent creator, Agent other) {
    HttpApi.Reply created = api.post("/v1.0/service_agents/talk_chats", creator.token(), new JsonObject()
        .put("type", "group").put("name", "pair").put("participants",
            new JsonArray().add(new JsonObject().put("owner_type", "agent").put("owner_id", other.id()))));
    assertThat(created.status()).as("create chat: %s", created).isEqualTo(200);
    return created.json().getString("id");
  }

  private static List<String> send(Agent from, String chatId, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HttpApi.Reply reply = api.post("/v1.0/service_agents/talk_messages", from.token(), new JsonObject()
          .put("chat_id", chatId).put("type", "normal").put("text", "m" + i));
      assertThat(reply.status()).as("send: %s", reply).isEqualTo(200);
      ids.add(reply.json().getString("id"));
    }
    return ids;
  }

  @Test
  void reconnectingClientGetsWhatItMissedInOrderThenLiveEvents() throws Exception {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    PushListener listener = new PushListener(client, "alice", alice.token(), "agent_id:" + alice.id() + ":chat")
        .connect(stack.wsPort());
    String chat = group(bob, alice);
    List<String> sent = new ArrayList<>(send(bob, chat, 3));
    PushListener.await(() -> listener.messages(chat).size() == 3, DELIVERY, "first messages");
    listener.close();

    // more than one page of the event log (Resume.PAGE = 200) is missed while away
    sent.addAll(send(bob, chat, 230));
    listener.connect(stack.wsPort());
    PushListener.await(() -> listener.count("resumed") == 1, DELIVERY, "resumed");
    assertThat(listener.messages(chat)).as("missed messages, before 'resumed'").containsExactlyElementsOf(sent);
    sent.addAll(send(bob, chat, 2));
    PushListener.await(() -> listener.messages(chat).size() >= sent.size(), DELIVERY, "live after resume");
    listener.assertExactlyOnceInOrder(chat, sent);
    assertThat(listener.messages(chat)).containsExactlyElementsOf(sent);
    listener.close();
  }

  @Test
  void resumingAChatTheAgentMayNotReadIsAResetAndOneNotSubscribedIsAnError() throws Exception {
    Agent carol = agent("carol");
    Agent dave = agent("dave");
    Agent erin = agent("erin");
    String private1 = group(dave, erin);
    String mine = group(dave, carol);
    try (WsClient ws = WsClient.connect(client, stack.wsPort(), carol.token())) {
      ws.subscribeResuming(Map.of(private1, 0L), "agent_id:" + carol.id() + ":chat");
      JsonObject reset = ws.next("reset");
      assertThat(reset.getString("chat_id")).isEqualTo(private1);
      assertThat(reset.getString("reason")).isEqualTo("NOT_PARTICIPANT");
    }
    try (WsClient ws = WsClient.connect(client, stack.wsPort(), carol.token())) {
      ws.send(new JsonObject().put("type", "subscribe").put("topics", new JsonArray()
          .add("agent_id:" + carol.id() + ":chat:" + mine)).put("resume", new JsonObject().put(private1, 0)).encode());
      JsonObject error = ws.next("error");
      assertThat(error.getString("reason")).isEqualTo("RESUME_NOT_SUBSCRIBED");
      assertThat(error.getString("chat_id")).isEqualTo(private1);
      ws.next("subscribed");
      ws.send("{\"type\":\"subscribe\",\"topics\":[],\"resume\":{\"" + mine + "\":\"x\"}}");
      assertThat(ws.next("error").getString("reason")).isEqualTo("INVALID_FRAME");

      send(dave, mine, 1);
      assertThat(ws.next("chatmessage_created").getJsonObject("data").getString("chat_id")).isEqualTo(mine);
    }
  }

  @Test
  void closesAreCountedByCode() throws Exception {
    Agent frank = agent("frank");
    new PushListener(client, "frank", frank.token(), "agent_id:" + frank.id() + ":chat").connect(stack.wsPort())
        .close();
    WebClient http = WebClient.create(client);
    PushListener.await(() -> {
      JsonObject metrics = http.get(stack.pushManagementPort(), "127.0.0.1", "/stats").send()
          .map(r -> r.bodyAsJsonObject()).timeout(5, TimeUnit.SECONDS).await();
      return metrics.getJsonObject("closes").getLong("1000", 0L) >= 1;
    }, DELIVERY, "a client close counted under 1000");
    http.close();
  }
}
