package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.devstack.TestInfra;
import io.talkmesh.devstack.testing.Mesh;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The walking skeleton end to end: api-gateway, talk-manager and push-service, each in its own Vert.x instance,
 * talking only through the broker; an agent's actions over real HTTP reach other agents' WebSockets.
 */
class SystemIT {
  @RegisterExtension
  static final Mesh mesh = Mesh.withDefaults();
  private static final String TS = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}";

  @BeforeAll
  static void start() throws Exception {
    System.out.println("infrastructure mode: " + TestInfra.get().mode());
  }

  private static JsonObject createAgent(String username) {
    HttpApi.Reply reply = mesh.api().post("/v1.0/agents", mesh.adminToken(), new JsonObject().put("username", username)
        .put("password", username + "-password").put("name", username.toUpperCase()).put("detail", "agent " + username));
    assertThat(reply.status()).as("create agent: %s", reply).isEqualTo(200);
    return reply.json();
  }

  private static String uniqueName(String base) {
    return base + "-" + Long.toHexString(System.nanoTime());
  }

  @Test
  void loginReturnsTokenAndWrongPasswordIs401() {
    HttpApi.Reply ok = mesh.api().post("/v1.0/auth/login", null,
        new JsonObject().put("username", Stack.ADMIN).put("password", Stack.ADMIN_PASSWORD));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().getString("username")).isEqualTo(Stack.ADMIN);
    assertThat(ok.json().getString("token")).isNotBlank();

    HttpApi.Reply wrong = mesh.api().post("/v1.0/auth/login", null,
        new JsonObject().put("username", Stack.ADMIN).put("password", "nope"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().getJsonObject("error").getString("status")).isEqualTo("UNAUTHENTICATED");
    assertThat(wrong.json().getJsonObject("error").getString("request_id")).isNotBlank();
  }

  @Test
  void adminCreatesAndListsAgentsWithoutAnyPasswordInTheResponse() {
    String username = uniqueName("dana");
    JsonObject agent = createAgent(username);
    assertThat(agent.fieldNames()).containsExactlyInAnyOrder("id", "customer_id", "username", "name", "detail",
        "ring_method", "status", "presence", "tm_presence", "permission", "tag_ids", "addresses", "direct_hash", "tm_create", "tm_update",
        "tm_delete");
    assertThat(agent.getString("direct_hash")).as("VoIPBIN's SIP direct hash, unused: empty").isEmpty();
    assertThat(agent.getString("presence")).as("no session anywhere yet").isEqualTo("offline");
    assertThat(agent.getString("tm_presence")).as("its presence never changed").isEmpty();
    assertThat(agent.getString("tm_create")).matches(TS);
    assertThat(agent.getString("tm_delete")).isEmpty();
    assertThat(agent.encode()).doesNotContain(username + "-password").doesNotContain("$2a$");

    HttpApi.Reply list = mesh.api().get("/v1.0/agents?page_size=100", mesh.adminToken());
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().getJsonArray("result").stream().map(o -> ((JsonObject) o).getString("username")))
        .contains(username, Stack.ADMIN);
    assertThat(list.json().containsKey("next_page_token")).isTrue();

    String agentToken = mesh.api().login(username, username + "-password");
    assertThat(mesh.api().post("/v1.0/agents", agentToken, new JsonObject().put("username", uniqueName("x"))
        .put("password", "pw")).status()).isEqualTo(403);
  }

  @Test
  void participantReceivesMessagesOverWebSocketAndNonParticipantReceivesNothing() throws Exception {
    JsonObject alice = createAgent(uniqueName("alice"));
    JsonObject bob = createAgent(uniqueName("bob"));
    JsonObject carol = createAgent(uniqueName("carol"));
    String aliceToken = mesh.api().login(alice.getString("username"), alice.getString("username") + "-password");
    String bobToken = mesh.api().login(bob.getString("username"), bob.getString("username") + "-password");
    String carolToken = mesh.api().login(carol.getString("username"), carol.getString("username") + "-password");

    try (WsClient bobWs = WsClient.connect(mesh.client(), mesh.stack().wsPort(), bobToken);
         WsClient carolWs = WsClient.connect(mesh.client(), mesh.stack().wsPort(), carolToken)) {
      bobWs.subscribe("agent_id:" + bob.getString("id") + ":chat");
      carolWs.subscribe("agent_id:" + carol.getString("id") + ":chat");

      HttpApi.Reply created = mesh.api().post("/v1.0/service_agents/talk_chats", aliceToken, new JsonObject()
          .put("type", "group").put("name", "ops").put("detail", "night shift")
          .put("participants", new JsonArray().add(new JsonObject().put("owner_type", "agent").put("owner_id", bob.getString("id")))));
      assertThat(created.status()).as("create chat: %s", created).isEqualTo(200);
      JsonObject chat = created.json();
      String chatId = chat.getString("id");
      assertThat(chat.getInteger("member_count")).isEqualTo(2);
      assertThat(chat.getString("type")).isEqualTo("group");
      assertThat(chat.getString("tm_delete")).isEmpty();

      JsonObject chatCreated = bobWs.next("chat_created");
      assertThat(chatCreated.getJsonObject("data").getString("id")).isEqualTo(chatId);
      assertThat(chatCreated.getLong("seq")).isEqualTo(3L);

      HttpApi.Reply sent = mesh.api().post("/v1.0/service_agents/talk_messages", aliceToken, new JsonObject()
          .put("chat_id", chatId).put("type", "normal").put("text", "Hello team! 👋"));
      assertThat(sent.status()).as("send: %s", sent).isEqualTo(200);
      JsonObject message = sent.json();
      assertThat(message.getString("owner_id")).isEqualTo(alice.getString("id"));
      assertThat(message.getJsonArray("medias")).isEmpty();
      assertThat(message.getJsonObject("metadata").getJsonArray("reactions")).isEmpty();
      assertThat(message.getString("tm_create")).matches(TS);

      JsonObject pushed = bobWs.next("chatmessage_created");
      assertThat(pushed.getJsonObject("data")).isEqualTo(message);
      assertThat(pushed.getLong("seq")).isEqualTo(4L);

      carolWs.assertNone("chatmessage_created", Duration.ofMillis(500));
      assertThat(carolWs.seen()).noneMatch(f -> f.getString("type").startsWith("chat"));

      HttpApi.Reply intruder = mesh.api().post("/v1.0/service_agents/talk_messages", carolToken, new JsonObject()
          .put("chat_id", chatId).put("type", "normal").put("text", "let me in"));
      assertThat(intruder.status()).as("non-participant send: %s", intruder).isEqualTo(403);

      HttpApi.Reply added = mesh.api().post("/v1.0/service_agents/talk_chats/" + chatId + "/participants", bobToken,
          new JsonObject().put("owner_type", "agent").put("owner_id", carol.getString("id")));
      assertThat(added.status()).as("add participant: %s", added).isEqualTo(200);
      assertThat(added.json().getString("tm_joined")).matches(TS);
      assertThat(carolWs.next("chatparticipant_added").getJsonObject("data").getString("owner_id"))
          .isEqualTo(carol.getString("id"));

      HttpApi.Reply second = mesh.api().post("/v1.0/service_agents/talk_messages", bobToken, new JsonObject()
          .put("chat_id", chatId).put("type", "normal").put("text", "welcome carol"));
      assertThat(second.status()).isEqualTo(200);
      JsonObject joined = carolWs.next("chatmessage_created").getJsonObject("data");
      assertThat(joined.getString("type")).isEqualTo("system");
      assertThat(joined.getString("text")).isEqualTo(carol.getString("name") + " joined the conversation.");
      assertThat(carolWs.next("chatmessage_created").getJsonObject("data").getString("id"))
          .isEqualTo(second.json().getString("id"));
    }
  }

  @Test
  void messagesPageNewestFirstWithoutSkipsOrRepeats() {
    JsonObject erin = createAgent(uniqueName("erin"));
    String token = mesh.api().login(erin.getString("username"), erin.getString("username") + "-password");
    String chatId = mesh.api().post("/v1.0/service_agents/talk_chats", token, new JsonObject().put("type", "talk")
        .put("name", "lobby")).json().getString("id");
    Set<String> sent = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      sent.add(mesh.api().post("/v1.0/service_agents/talk_messages", token, new JsonObject().put("chat_id", chatId)
          .put("type", "normal").put("text", "m" + i)).json().getString("id"));
    }
    Set<String> listed = new HashSet<>();
    String pageToken = "";
    String previous = null;
    int pages = 0;
    do {
      HttpApi.Reply page = mesh.api().get("/v1.0/service_agents/talk_messages?chat_id=" + chatId + "&page_size=3"
          + (pageToken.isEmpty() ? "" : "&page_token=" + pageToken), token);
      assertThat(page.status()).as("page: %s", page).isEqualTo(200);
      for (Object o : page.json().getJsonArray("result")) {
        JsonObject m = (JsonObject) o;
        assertThat(listed.add(m.getString("id"))).as("repeated %s", m).isTrue();
        if (previous != null) {
          assertThat(m.getString("tm_create")).isLessThanOrEqualTo(previous);
        }
        previous = m.getString("tm_create");
      }
      pageToken = page.json().getString("next_page_token");
      pages++;
    } while (!pageToken.isEmpty() && pages < 10);
    assertThat(listed).isEqualTo(sent);
    assertThat(pages).as("3 + 3 + 1 messages, then the empty page after the last").isEqualTo(4);
  }

  @Test
  void aClientThatPagesUntilAnEmptyPageSeesEveryItemOnceOnEveryList() {
    JsonObject pat = createAgent(uniqueName("pat"));
    String token = mesh.api().login(pat.getString("username"), pat.getString("username") + "-password");
    List<String> groups = new ArrayList<>();
    List<String> channels = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      groups.add(0, mesh.api().post("/v1.0/service_agents/talk_chats", token, new JsonObject().put("type", "group")
          .put("name", "group " + i)).json().getString("id"));
      channels.add(0, mesh.api().post("/v1.0/service_agents/talk_chats", token, new JsonObject().put("type", "talk")
          .put("name", "channel " + i)).json().getString("id"));
    }
    String chatId = groups.get(0);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(0, mesh.api().post("/v1.0/service_agents/talk_messages", token, new JsonObject().put("chat_id", chatId)
          .put("type", "normal").put("text", "m" + i)).json().getString("id"));
    }
    assertThat(pageUntilEmpty("/v1.0/service_agents/talk_messages?chat_id=" + chatId, token))
        .as("messages").containsExactlyElementsOf(sent);
    assertThat(pageUntilEmpty("/v1.0/service_agents/talk_chats", token)).as("my chats").containsSubsequence(groups);
    assertThat(pageUntilEmpty("/v1.0/service_agents/talk_channels", token)).as("channels").containsSubsequence(channels)
        .doesNotContainAnyElementsOf(groups);
    assertThat(pageUntilEmpty("/v1.0/agents", token)).as("agents").contains(pat.getString("id"));
    assertThat(pageUntilEmpty("/v1.0/chatmessages?chat_id=" + chatId, token)).as("the older API's chatmessages")
        .containsExactlyElementsOf(sent);
    assertThat(pageUntilEmpty("/v1.0/chats", token)).as("the older API's chats").containsExactlyElementsOf(groups);
    assertThat(pageUntilEmpty("/v1.0/chatrooms", token)).as("the older API's chatrooms").hasSameSizeAs(groups);
  }

  /**
   * What a VoIPBIN client does: follows {@code next_page_token} two items at a time until a page comes back empty.
   * Every page with items must carry a token; the empty page ends with {@code ""}; no id comes twice.
   */
  private static List<String> pageUntilEmpty(String path, String token) {
    List<String> ids = new ArrayList<>();
    String pageToken = "";
    for (int pages = 0; pages < 500; pages++) {
      HttpApi.Reply page = mesh.api().get(path + (path.contains("?") ? "&" : "?") + "page_size=2&page_token=" + pageToken,
          token);
      assertThat(page.status()).as("page %d of %s: %s", pages, path, page).isEqualTo(200);
      JsonArray result = page.json().getJsonArray("result");
      pageToken = page.json().getString("next_page_token");
      if (result.isEmpty()) {
        assertThat(pageToken).as("the token of the empty page of %s", path).isEmpty();
        return ids;
      }
      assertThat(pageToken).as("page %d of %s has items, so a token: %s", pages, path, page).isNotEmpty();
      for (Object o : result) {
        String id = ((JsonObject) o).getString("id");
        assertThat(ids).as("%s repeated on page %d of %s", id, pages, path).doesNotContain(id);
        ids.add(id);
      }
    }
    throw new AssertionError("paging " + path + " did not end in 500 pages");
  }

  @Test
  void badTokenIsRefusedBeforeTheWebSocketUpgrade() {
    assertThatThrownBy(() -> WsClient.connect(mesh.client(), mesh.stack().wsPort(), "not-a-token"))
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
  }

  @Test
  void requestsWithoutTokenAre401WithTheErrorBody() {
    HttpApi.Reply reply = mesh.api().get("/v1.0/service_agents/talk_messages?chat_id=" + java.util.UUID.randomUUID(), null);
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.json().getJsonObject("error").fieldNames()).contains("status", "reason", "message", "request_id");
  }

  @Test
  void malformedInputIs400NotA500() {
    assertThat(mesh.api().postRaw("/v1.0/service_agents/talk_chats", mesh.adminToken(), "{not json").status()).isEqualTo(400);
    assertThat(mesh.api().postRaw("/v1.0/service_agents/talk_chats", mesh.adminToken(), "[]").status()).isEqualTo(400);
    assertThat(mesh.api().post("/v1.0/service_agents/talk_chats", mesh.adminToken(), new JsonObject().put("type", "bogus")).status())
        .isEqualTo(400);
    assertThat(mesh.api().post("/v1.0/service_agents/talk_messages", mesh.adminToken(), new JsonObject().put("chat_id", "nope")
        .put("text", "x")).status()).isEqualTo(400);
    for (String unknown : List.of(java.util.UUID.randomUUID().toString())) {
      assertThat(mesh.api().post("/v1.0/service_agents/talk_messages", mesh.adminToken(), new JsonObject().put("chat_id", unknown)
          .put("text", "x")).status()).isEqualTo(404);
    }
  }
}
