package io.talkmesh.devstack.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-chat bindings on the real broker: a push instance whose sessions (same customer, {@code agent_id:<self>:chat})
 * are in none of a chat's members consumes none of its messages; and an agent that joins a chat while messages flow,
 * on an instance that did not receive the chat, gets every event after its join exactly once and in order, even
 * though the chat's binding is made only when the join arrives.
 */
class BindingsIT {
  private static final Duration DELIVERY = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private Stack stack;
  private Vertx client;
  private HttpApi api;
  private final List<PushListener> listeners = new ArrayList<>();
  private String adminToken;

  @BeforeEach
  void startMesh() throws Exception {
    stack = Readiness.freshStack().startTalkManager().startGateway().startPush().startPush();
    client = Vertx.vertx();
    api = new HttpApi(client, stack.httpPorts().get(0));
    Readiness.await(client, stack);
    adminToken = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
  }

  @AfterEach
  void stopMesh() throws Exception {
    listeners.forEach(PushListener::close);
    api.close();
    client.close().await(10, TimeUnit.SECONDS);
    stack.close();
  }

  private Agent agent(String base) {
    return Agent.create(api, adminToken, base);
  }

  private String chat(Agent creator, String type, Agent... others) {
    JsonArray participants = new JsonArray();
    for (Agent a : others) {
      participants.add(new JsonObject().put("owner_type", "agent").put("owner_id", a.id()));
    }
    HttpApi.Reply created = api.post("/v1.0/service_agents/talk_chats", creator.token(), new JsonObject()
        .put("type", type).put("name", type + " room").put("participants", participants));
    assertThat(created.status()).as("create chat: %s", created).isEqualTo(200);
    return created.json().getString("id");
  }

  private String send(Agent from, String chatId, String text) {
    return send(api, from, chatId, text);
  }

  private static String send(HttpApi api, Agent from, String chatId, String text) {
    HttpApi.Reply reply = api.post("/v1.0/service_agents/talk_messages", from.token(),
        new JsonObject().put("chat_id", chatId).put("type", "normal").put("text", text));
    assertThat(reply.status()).as("send: %s", reply).isEqualTo(200);
    return reply.json().getString("id");
  }

  private PushListener listen(Agent agent, int push) throws Exception {
    PushListener listener = new PushListener(client, agent.id(), agent.token(), "agent_id:" + agent.id() + ":chat");
    listeners.add(listener.connect(stack.wsPorts().get(push)));
    return listener;
  }

  private long events(int push) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + stack.pushManagementPorts().get(push) + "/stats")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body()).getLong("events");
  }

  @Test
  void anInstanceWithNoMemberOfAChatConsumesNoneOfItsMessages() throws Exception {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    PushListener a = listen(alice, 0);
    PushListener b = listen(bob, 0);
    for (int i = 0; i < 10; i++) {
      listen(agent("idle" + i), 1);
    }
    String direct = chat(alice, "direct", bob);
    String first = send(alice, direct, "hello");
    PushListener.await(() -> b.messages(direct).contains(first), DELIVERY, "first message to bob");
    long idleBefore = events(1);
    long busyBefore = events(0);
    int count = 50;
    List<String> sent = new ArrayList<>(List.of(first));
    for (int i = 0; i < count; i++) {
      sent.add(send(i % 2 == 0 ? alice : bob, direct, "m" + i));
    }
    for (PushListener l : List.of(a, b)) {
      PushListener.await(() -> l.messages(direct).size() >= sent.size(), DELIVERY, l.name + " all messages");
      l.assertExactlyOnceInOrder(direct, sent);
    }
    assertThat(events(0) - busyBefore).as("events the members' instance consumed").isGreaterThanOrEqualTo(count);
    assertThat(events(1) - idleBefore).as("events of %d messages consumed by the instance with only idle agents of "
        + "the same customer (at most 5 %%)", count).isLessThanOrEqualTo(count / 20);
  }

  @Test
  void joiningWhileMessagesFlowOnAnInstanceWithoutTheChatLosesAndRepeatsNothing() throws Exception {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    Agent carol = agent("carol");
    PushListener a = listen(alice, 0);
    listen(bob, 0);
    PushListener c = listen(carol, 1);
    String group = chat(alice, "group", bob);
    List<String> sent = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    HttpApi senderApi = new HttpApi(client, stack.httpPorts().get(0));
    try {
      Future<?> sender = pool.submit(() -> {
        for (int i = 0; i < 120; i++) {
          sent.add(send(senderApi, alice, group, "m" + i));
        }
      });
      PushListener.await(() -> a.messages(group).size() >= 30, DELIVERY, "messages flowing");
      HttpApi.Reply added = api.post("/v1.0/service_agents/talk_chats/" + group + "/participants", bob.token(),
          new JsonObject().put("owner_type", "agent").put("owner_id", carol.id()));
      assertThat(added.status()).as("add carol: %s", added).isEqualTo(200);
      sender.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
      senderApi.close();
    }
    // adding a participant may post a message of its own: alice has every sent message once, and perhaps that one
    PushListener.await(() -> a.messages(group).containsAll(sent), DELIVERY, "alice all messages");
    assertThat(a.messages(group)).as("alice's messages").doesNotHaveDuplicates().hasSizeBetween(sent.size(),
        sent.size() + 1);
    List<Long> all = a.seqs(group);
    long last = all.get(all.size() - 1);
    PushListener.await(() -> {
      List<Long> s = c.seqs(group);
      return !s.isEmpty() && s.get(s.size() - 1) >= last;
    }, DELIVERY, "carol up to seq " + last + ": " + c.seqs(group));
    List<Long> got = c.seqs(group);
    for (int i = 1; i < got.size(); i++) {
      assertThat(got.get(i)).as("carol's seq after %s: %s", got.get(i - 1), got).isEqualTo(got.get(i - 1) + 1);
    }
    assertThat(got.get(got.size() - 1)).as("carol's last seq").isEqualTo(last);
    assertThat(c.messages(group)).as("carol's messages").doesNotHaveDuplicates().isNotEmpty();
    assertThat(c.messages(group)).as("carol's messages: alice's after the join, in order").containsExactlyElementsOf(
        a.messages(group).subList(a.messages(group).size() - c.messages(group).size(), a.messages(group).size()));
    assertThat(c.controls()).as("no resumed frame for a catch-up the client did not ask for")
        .noneMatch(f -> "resumed".equals(f.getString("type")));
  }
}
