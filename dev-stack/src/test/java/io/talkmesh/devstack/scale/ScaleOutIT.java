package io.talkmesh.devstack.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.TestInfra;
import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two api-gateways, two talk-managers and two push-services on one broker and one database, agents spread across
 * both push instances: delivery is exactly once and in per-chat order whichever gateway a message went through,
 * an agent that loses its push instance resumes on the other without loss, and a talk-manager that stops mid-load
 * loses no acknowledged request.
 */
class ScaleOutIT {
  private static final Duration DELIVERY = Duration.ofSeconds(30);
  private Stack stack;
  private Vertx client;
  private final List<HttpApi> gateways = new ArrayList<>();
  private final List<PushListener> listeners = new ArrayList<>();
  private String adminToken;

  @BeforeEach
  void startMesh() throws Exception {
    System.out.println("infrastructure mode: " + TestInfra.get().mode());
    stack = Readiness.freshStack().startTalkManager().startTalkManager().startGateway().startGateway().startPush()
        .startPush();
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

  private Agent agent(String base) {
    return Agent.create(gateways.get(0), adminToken, base, gateways.get(1));
  }

  private String chat(Agent creator, String type, List<Agent> others) {
    JsonArray participants = new JsonArray();
    others.forEach(a -> participants.add(new JsonObject().put("owner_type", "agent").put("owner_id", a.id())));
    HttpApi.Reply created = gateways.get(0).post("/v1.0/service_agents/talk_chats", creator.token(), new JsonObject()
        .put("type", type).put("name", type + " room").put("participants", participants));
    assertThat(created.status()).as("create chat: %s", created).isEqualTo(200);
    return created.json().getString("id");
  }

  private HttpApi.Reply send(int gateway, Agent from, String chatId, String text) {
    return gateways.get(gateway % gateways.size()).post("/v1.0/service_agents/talk_messages", from.token(),
        new JsonObject().put("chat_id", chatId).put("type", "normal").put("text", text));
  }

  private PushListener listen(Agent agent, int push, String... topics) throws Exception {
    PushListener listener = new PushListener(client, agent.id(), agent.token(), topics);
    listeners.add(listener.connect(stack.wsPorts().get(push)));
    return listener;
  }

  private static String allMyChats(Agent a) {
    return "agent_id:" + a.id() + ":chat";
  }

  @Test
  void everyMessageThroughEitherGatewayReachesEveryParticipantOnEitherPushInstanceOnceAndInOrder() throws Exception {
    List<Agent> agents = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      agents.add(agent("member" + i));
    }
    Agent watcher = agent("watcher");
    List<PushListener> members = new ArrayList<>();
    for (int i = 0; i < agents.size(); i++) {
      members.add(listen(agents.get(i), i % 2, allMyChats(agents.get(i))));
    }
    String group = chat(agents.get(0), "group", agents.subList(1, agents.size()));
    String channel = chat(agents.get(0), "talk", agents.subList(1, agents.size()));
    // a non-member reads the public channel by id, on each instance; a private chat by id is refused by name
    PushListener[] readers = new PushListener[2];
    for (int i = 0; i < readers.length; i++) {
      readers[i] = listen(watcher, i, "agent_id:" + watcher.id() + ":chat:" + channel,
          "agent_id:" + watcher.id() + ":chat:" + group);
      PushListener reader = readers[i];
      PushListener.await(() -> reader.controls().stream().anyMatch(f -> "error".equals(f.getString("type"))),
          DELIVERY, "refusal of the private chat");
      assertThat(reader.controls()).anySatisfy(f -> {
        assertThat(f.getString("type")).isEqualTo("error");
        assertThat(f.getString("topic")).isEqualTo("agent_id:" + watcher.id() + ":chat:" + group);
        assertThat(f.getString("reason")).isEqualTo("NOT_PARTICIPANT");
      });
    }

    int perSender = 5;
    List<List<String>> sentBy = sendConcurrently(agents, group, perSender);
    List<String> all = sentBy.stream().flatMap(List::stream).toList();
    List<String> announced = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      HttpApi.Reply reply = send(i, agents.get(i), channel, "channel " + i);
      assertThat(reply.status()).as("send: %s", reply).isEqualTo(200);
      announced.add(reply.json().getString("id"));
    }

    for (PushListener m : members) {
      PushListener.await(() -> m.messages(group).size() >= all.size() && m.messages(channel).size() >= announced.size(),
          DELIVERY, m.name + " received " + m.messages(group).size() + "/" + all.size());
      m.assertExactlyOnceInOrder(group, all);
      m.assertExactlyOnceInOrder(channel, announced);
      for (List<String> fromOne : sentBy) {
        assertThat(m.messages(group).stream().filter(fromOne::contains).toList()).as("per-sender order")
            .containsExactlyElementsOf(fromOne);
      }
    }
    for (PushListener r : readers) {
      PushListener.await(() -> r.messages(channel).size() >= announced.size(), DELIVERY, "public channel reader");
      r.assertExactlyOnceInOrder(channel, announced);
      assertThat(r.messages(group)).as("a non-member never sees the private chat").isEmpty();
    }
    System.out.printf("scale-out (a): %d members on 2 push instances x %d messages via 2 gateways: %d deliveries,"
        + " each exactly once; public channel read by id on both instances: %d x 2%n", members.size(), all.size(),
        members.stream().mapToInt(m -> m.messages(group).size()).sum(), announced.size());
  }

  private List<List<String>> sendConcurrently(List<Agent> senders, String chatId, int perSender) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(senders.size());
    try {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int s = 0; s < senders.size(); s++) {
        int index = s;
        futures.add(pool.submit(() -> {
          List<String> ids = new ArrayList<>();
          for (int i = 0; i < perSender; i++) {
            HttpApi.Reply reply = send(index + i, senders.get(index), chatId, "m" + index + "." + i);
            assertThat(reply.status()).as("send: %s", reply).isEqualTo(200);
            ids.add(reply.json().getString("id"));
          }
          return ids;
        }));
      }
      List<List<String>> sent = new ArrayList<>();
      for (Future<List<String>> f : futures) {
        sent.add(f.get(60, TimeUnit.SECONDS));
      }
      return sent;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void stoppingAPushInstanceMidConversationAndResumingOnTheOtherLosesNothing() throws Exception {
    List<Agent> agents = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      agents.add(agent("resumer" + i));
    }
    List<PushListener> members = new ArrayList<>();
    for (int i = 0; i < agents.size(); i++) {
      members.add(listen(agents.get(i), i % 2, allMyChats(agents.get(i))));
    }
    String group = chat(agents.get(0), "group", agents.subList(1, agents.size()));
    int total = 40;
    List<String> sent = Collections.synchronizedList(new ArrayList<>());
    ExecutorService sender = Executors.newSingleThreadExecutor();
    Future<?> sending = sender.submit(() -> {
      for (int i = 0; i < total; i++) {
        HttpApi.Reply reply = send(i, agents.get(i % agents.size()), group, "live " + i);
        assertThat(reply.status()).as("send: %s", reply).isEqualTo(200);
        sent.add(reply.json().getString("id"));
      }
      return null;
    });
    try {
      PushListener.await(() -> sent.size() >= total / 3, DELIVERY, "a third of the conversation sent");
      stack.stopPush(0);
      for (int i = 0; i < members.size(); i += 2) {
        assertThat(members.get(i).awaitClose(Duration.ofSeconds(10))).as("close code after the instance stopped")
            .isEqualTo((short) 1012);
        members.get(i).connect(stack.wsPorts().get(1));
      }
      sending.get(60, TimeUnit.SECONDS);
    } finally {
      sender.shutdownNow();
    }
    for (PushListener m : members) {
      PushListener.await(() -> m.messages(group).size() >= total, DELIVERY,
          m.name + " received " + m.messages(group).size() + "/" + total);
      m.assertExactlyOnceInOrder(group, sent);
      assertThat(m.messages(group)).as("send order (one sender)").containsExactlyElementsOf(sent);
    }
    int resumed = members.stream().mapToInt(m -> m.count("resumed")).sum();
    assertThat(resumed).as("every moved agent resumed its chat").isEqualTo(members.size() / 2);
    System.out.printf("scale-out (b): push-0 stopped after %d+ of %d messages; %d agents resumed on push-1;"
        + " %d deliveries, no loss, no duplicate%n", total / 3, total, resumed,
        members.stream().mapToInt(m -> m.messages(group).size()).sum());
  }

  @Test
  void stoppingATalkManagerMidLoadLosesNoAcknowledgedRequest() throws Exception {
    List<Agent> agents = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      agents.add(agent("loader" + i));
    }
    PushListener onZero = listen(agents.get(0), 0, allMyChats(agents.get(0)));
    PushListener onOne = listen(agents.get(1), 1, allMyChats(agents.get(1)));
    String group = chat(agents.get(0), "group", agents.subList(1, agents.size()));
    Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>());
    AtomicInteger refused = new AtomicInteger();
    int perSender = 20;
    ExecutorService pool = Executors.newFixedThreadPool(agents.size());
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int s = 0; s < agents.size(); s++) {
        int index = s;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perSender; i++) {
            HttpApi.Reply reply = send(index + i, agents.get(index), group, "load " + index + "." + i);
            if (reply.status() == 200) {
              acknowledged.add(reply.json().getString("id"));
            } else {
              refused.incrementAndGet();
            }
          }
          return null;
        }));
      }
      PushListener.await(() -> acknowledged.size() >= perSender, DELIVERY, "load under way");
      stack.stopTalkManager(0);
      for (Future<?> f : futures) {
        f.get(90, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Set<String> stored = new HashSet<>();
    String pageToken = "";
    do {
      HttpApi.Reply page = gateways.get(1).get("/v1.0/service_agents/talk_messages?chat_id=" + group + "&page_size=100"
          + (pageToken.isEmpty() ? "" : "&page_token=" + pageToken), agents.get(0).token());
      assertThat(page.status()).as("list: %s", page).isEqualTo(200);
      page.json().getJsonArray("result").forEach(o -> stored.add(((JsonObject) o).getString("id")));
      pageToken = page.json().getString("next_page_token");
    } while (!pageToken.isEmpty());
    assertThat(stored).as("every acknowledged message is stored").containsAll(acknowledged);
    for (PushListener l : List.of(onZero, onOne)) {
      PushListener.await(() -> l.messages(group).containsAll(stored), DELIVERY,
          l.name + " received every stored message");
      assertThat(l.messages(group)).as("no message pushed twice").doesNotHaveDuplicates();
      l.assertExactlyOnceInOrder(group, List.copyOf(stored));
    }
    System.out.printf("scale-out (c): talk-manager-0 stopped mid-load: %d acknowledged (all stored and delivered),"
        + " %d refused or timed out, %d stored%n", acknowledged.size(), refused.get(), stored.size());
  }
}
