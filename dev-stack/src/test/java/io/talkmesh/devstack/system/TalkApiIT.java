package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.testing.Agent;
import io.talkmesh.devstack.testing.Mesh;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The complete Talk API through HTTP and WebSocket against the real broker and database: every route, every
 * documented rule, and every event type pushed to a participant.
 */
class TalkApiIT {
  @RegisterExtension
  static final Mesh mesh = Mesh.withDefaults();
  private static final String TS = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}";
  private static final String CHATS = "/v1.0/service_agents/talk_chats";
  private static final String MESSAGES = "/v1.0/service_agents/talk_messages";

  private static Agent agent(String name) {
    return Agent.create(mesh.api(), mesh.adminToken(), name);
  }

  private static WsClient listen(Agent agent) throws Exception {
    return WsClient.connect(mesh.client(), mesh.stack().wsPort(), agent.token()).subscribe("agent_id:" + agent.id() + ":chat");
  }

  private static JsonObject ok(HttpApi.Reply reply) {
    assertThat(reply.status()).as("expected 200, got %s", reply).isEqualTo(200);
    return reply.json();
  }

  private static void status(HttpApi.Reply reply, int status, String reason) {
    assertThat(reply.status()).as("expected %d %s, got %s", status, reason, reply).isEqualTo(status);
    if (reason != null) {
      assertThat(reply.json().getJsonObject("error").getString("reason")).as("%s", reply).isEqualTo(reason);
    }
  }

  private static JsonObject group(Agent creator, String name, Agent... others) {
    JsonArray participants = new JsonArray();
    for (Agent other : others) {
      participants.add(new JsonObject().put("owner_type", "agent").put("owner_id", other.id()));
    }
    return ok(mesh.api().post(CHATS, creator.token(), new JsonObject().put("type", "group").put("name", name)
        .put("participants", participants)));
  }

  private static JsonObject send(Agent from, String chatId, String text) {
    return ok(mesh.api().post(MESSAGES, from.token(), new JsonObject().put("chat_id", chatId).put("type", "normal").put("text", text)));
  }

  private static Predicate<JsonObject> event(String type, Predicate<JsonObject> data) {
    return f -> type.equals(f.getString("type")) && data.test(f.getJsonObject("data"));
  }

  private static JsonObject await(WsClient ws, String type, Predicate<JsonObject> data) throws InterruptedException {
    return ws.next(event(type, data), Duration.ofSeconds(15)).getJsonObject("data");
  }

  @Test
  void meIsTheCallingAgentWhoeverAsks() {
    Agent dana = agent("dana-" + System.nanoTime());
    JsonObject me = ok(mesh.api().get("/v1.0/service_agents/me", dana.token()));
    assertThat(me.getString("id")).isEqualTo(dana.id());
    assertThat(me.getString("username")).isEqualTo(dana.username());
    assertThat(me.containsKey("password_hash")).isFalse();
    assertThat(ok(mesh.api().get("/v1.0/service_agents/me", mesh.adminToken())).getString("id")).isNotEqualTo(dana.id());
    status(mesh.api().get("/v1.0/service_agents/me", null), 401, null);
    // VoIPBIN's agent-side paths answer what /v1.0/agents answers.
    assertThat(ok(mesh.api().get("/v1.0/service_agents/agents/" + dana.id(), dana.token())))
        .isEqualTo(ok(mesh.api().get("/v1.0/agents/" + dana.id(), dana.token())));
    assertThat(ok(mesh.api().get("/v1.0/service_agents/agents?page_size=100", dana.token())).getJsonArray("result")
        .stream().map(a -> ((JsonObject) a).getString("id"))).contains(dana.id());
  }

  @Test
  void chatIsUpdatedThenSoftDeletedAndBecomesReadOnly() throws Exception {
    Agent alice = agent("Alice");
    Agent bob = agent("Bob");
    try (WsClient bobWs = listen(bob)) {
      String chatId = group(alice, "ops", bob).getString("id");
      JsonObject updated = ok(mesh.api().put(CHATS + "/" + chatId, alice.token(), new JsonObject().put("name", "ops-2")
          .put("detail", "renamed")));
      assertThat(updated.getString("name")).isEqualTo("ops-2");
      assertThat(await(bobWs, "chat_updated", d -> d.getString("id").equals(chatId)).getString("detail")).isEqualTo("renamed");

      JsonObject deleted = ok(mesh.api().delete(CHATS + "/" + chatId, bob.token()));
      assertThat(deleted.getString("tm_delete")).matches(TS);
      assertThat(await(bobWs, "chat_deleted", d -> d.getString("id").equals(chatId)).getString("tm_delete"))
          .isEqualTo(deleted.getString("tm_delete"));

      status(mesh.api().post(MESSAGES, alice.token(), new JsonObject().put("chat_id", chatId).put("text", "late")), 409, "CHAT_DELETED");
      status(mesh.api().put(CHATS + "/" + chatId, alice.token(), new JsonObject().put("name", "x")), 409, "CHAT_DELETED");
      assertThat(ok(mesh.api().get(CHATS + "/" + chatId, alice.token())).getString("tm_delete")).isEqualTo(deleted.getString("tm_delete"));
      assertThat(ok(mesh.api().get(CHATS + "?page_size=100", alice.token())).getJsonArray("result").stream()
          .map(o -> ((JsonObject) o).getString("id"))).doesNotContain(chatId);
    }
  }

  @Test
  void directChatHasExactlyTwoParticipantsAndIsReusedForThePair() {
    Agent alice = agent("Alice");
    Agent bob = agent("Bob");
    Agent carol = agent("Carol");
    JsonObject direct = ok(mesh.api().post(CHATS, alice.token(), new JsonObject().put("type", "direct")
        .put("participants", new JsonArray().add(new JsonObject().put("owner_type", "agent").put("owner_id", bob.id())))));
    assertThat(direct.getInteger("member_count")).isEqualTo(2);
    JsonObject again = ok(mesh.api().post(CHATS, bob.token(), new JsonObject().put("type", "normal")
        .put("participants", new JsonArray().add(new JsonObject().put("owner_type", "agent").put("owner_id", alice.id())))));
    assertThat(again.getString("id")).isEqualTo(direct.getString("id"));
    status(mesh.api().post(CHATS + "/" + direct.getString("id") + "/participants", alice.token(),
        new JsonObject().put("owner_type", "agent").put("owner_id", carol.id())), 409, "DIRECT_CHAT_FULL");
    status(mesh.api().post(CHATS, alice.token(), new JsonObject().put("type", "direct").put("participants", new JsonArray()
        .add(new JsonObject().put("owner_id", bob.id())).add(new JsonObject().put("owner_id", carol.id())))), 400, null);
  }

  @Test
  void publicChannelIsReadableByTheCustomerJoinableAndLeavableWithSystemMessages() throws Exception {
    Agent alice = agent("Alice");
    Agent carol = agent("Carol");
    try (WsClient aliceWs = listen(alice)) {
      JsonObject channel = ok(mesh.api().post(CHATS, alice.token(), new JsonObject().put("type", "talk").put("name", "lobby")));
      String chatId = channel.getString("id");
      send(alice, chatId, "welcome");
      assertThat(ok(mesh.api().get("/v1.0/service_agents/talk_channels?page_size=100", carol.token())).getJsonArray("result")
          .stream().map(o -> ((JsonObject) o).getString("id"))).contains(chatId);
      assertThat(ok(mesh.api().get(CHATS + "/" + chatId, carol.token())).getString("name")).isEqualTo("lobby");
      assertThat(ok(mesh.api().get(MESSAGES + "?chat_id=" + chatId, carol.token())).getJsonArray("result")).hasSize(1);
      status(mesh.api().post(MESSAGES, carol.token(), new JsonObject().put("chat_id", chatId).put("text", "hi")), 403, "NOT_PARTICIPANT");

      JsonObject joined = ok(mesh.api().post(CHATS + "/" + chatId + "/join", carol.token(), new JsonObject()));
      assertThat(joined.getString("owner_id")).isEqualTo(carol.id());
      assertThat(await(aliceWs, "chatparticipant_added", d -> d.getString("owner_id").equals(carol.id())).getString("chat_id"))
          .isEqualTo(chatId);
      JsonObject system = await(aliceWs, "chatmessage_created", d -> d.getString("type").equals("system"));
      assertThat(system.getString("text")).isEqualTo("Carol joined the conversation.");
      assertThat(system.getString("owner_type")).isEqualTo("system");
      assertThat(ok(mesh.api().get(CHATS + "/" + chatId, carol.token())).getInteger("member_count")).isEqualTo(2);
      assertThat(ok(mesh.api().post(CHATS + "/" + chatId + "/join", carol.token(), new JsonObject()))).isEqualTo(joined);

      JsonObject left = ok(mesh.api().delete(CHATS + "/" + chatId + "/participants/" + joined.getString("id"), carol.token()));
      assertThat(left.getString("id")).isEqualTo(joined.getString("id"));
      assertThat(await(aliceWs, "chatparticipant_removed", d -> d.getString("id").equals(joined.getString("id"))))
          .isNotNull();
      assertThat(await(aliceWs, "chatmessage_created", d -> d.getString("text").equals("Carol left the conversation.")))
          .isNotNull();
      status(mesh.api().delete(CHATS + "/" + chatId + "/participants/" + joined.getString("id"), alice.token()), 404,
          "PARTICIPANT_NOT_FOUND");
      assertThat(ok(mesh.api().get(CHATS + "/" + chatId, alice.token())).getInteger("member_count")).isEqualTo(1);

      JsonObject rejoined = ok(mesh.api().post(CHATS + "/" + chatId + "/join", carol.token(), new JsonObject()));
      assertThat(rejoined.getString("id")).isNotEqualTo(joined.getString("id"));
      assertThat(rejoined.getString("tm_joined")).isGreaterThan(joined.getString("tm_joined"));
      assertThat(ok(mesh.api().get(CHATS + "/" + chatId, alice.token())).getInteger("member_count")).isEqualTo(2);

      String privateId = group(alice, "private").getString("id");
      status(mesh.api().post(CHATS + "/" + privateId + "/join", carol.token(), new JsonObject()), 403, "CHAT_NOT_PUBLIC");
      status(mesh.api().get(CHATS + "/" + privateId, carol.token()), 403, "NOT_PARTICIPANT");
      status(mesh.api().get(MESSAGES + "?chat_id=" + privateId, carol.token()), 403, "NOT_PARTICIPANT");
    }
  }

  @Test
  void removedParticipantGetsItsOwnRemovalAndNothingAfter() throws Exception {
    Agent alice = agent("Alice");
    Agent bob = agent("Bob");
    try (WsClient bobWs = listen(bob)) {
      String chatId = group(alice, "g", bob).getString("id");
      JsonArray participants = (JsonArray) mesh.api().get(CHATS + "/" + chatId + "/participants", alice.token()).body();
      String bobParticipant = participants.stream().map(o -> (JsonObject) o)
          .filter(p -> p.getString("owner_id").equals(bob.id())).findFirst().orElseThrow().getString("id");
      ok(mesh.api().delete(CHATS + "/" + chatId + "/participants/" + bobParticipant, alice.token()));
      assertThat(await(bobWs, "chatparticipant_removed", d -> d.getString("id").equals(bobParticipant))).isNotNull();
      send(alice, chatId, "bob is gone");
      bobWs.assertNone("chatmessage_created", Duration.ofMillis(700));
      status(mesh.api().post(MESSAGES, bob.token(), new JsonObject().put("chat_id", chatId).put("text", "hey")), 403, "NOT_PARTICIPANT");
    }
  }

  @Test
  void messagesThreadEditDeleteAndListAcrossChats() throws Exception {
    Agent alice = agent("Alice");
    Agent bob = agent("Bob");
    try (WsClient bobWs = listen(bob)) {
      String chatId = group(alice, "work", bob).getString("id");
      String otherChat = group(alice, "other", bob).getString("id");
      JsonObject root = send(alice, chatId, "root");
      JsonObject reply = ok(mesh.api().post(MESSAGES, bob.token(), new JsonObject().put("chat_id", chatId).put("text", "reply")
          .put("parent_id", root.getString("id"))));
      assertThat(reply.getString("parent_id")).isEqualTo(root.getString("id"));
      JsonObject nested = ok(mesh.api().post(MESSAGES, alice.token(), new JsonObject().put("chat_id", chatId).put("text", "nested")
          .put("parent_id", reply.getString("id"))));
      status(mesh.api().post(MESSAGES, alice.token(), new JsonObject().put("chat_id", otherChat).put("text", "x")
          .put("parent_id", root.getString("id"))), 400, "PARENT_IN_OTHER_CHAT");
      JsonObject elsewhere = send(alice, otherChat, "elsewhere");

      assertThat(ok(mesh.api().get(MESSAGES + "/" + root.getString("id") + "/thread", bob.token())).getJsonArray("result")
          .stream().map(o -> ((JsonObject) o).getString("id"))).containsExactly(reply.getString("id"));
      assertThat(ok(mesh.api().get(MESSAGES + "?page_size=100", bob.token())).getJsonArray("result").stream()
          .map(o -> ((JsonObject) o).getString("id")))
          .contains(root.getString("id"), nested.getString("id"), elsewhere.getString("id"));

      status(mesh.api().put(MESSAGES + "/" + root.getString("id"), bob.token(), new JsonObject().put("text", "hijack")), 403, "NOT_AUTHOR");
      JsonObject edited = ok(mesh.api().put(MESSAGES + "/" + root.getString("id"), alice.token(), new JsonObject().put("text", "root v2")));
      assertThat(edited.getString("text")).isEqualTo("root v2");
      assertThat(await(bobWs, "chatmessage_updated", d -> d.getString("id").equals(root.getString("id"))).getString("text"))
          .isEqualTo("root v2");

      status(mesh.api().delete(MESSAGES + "/" + root.getString("id"), bob.token()), 403, "NOT_AUTHOR");
      JsonObject deleted = ok(mesh.api().delete(MESSAGES + "/" + root.getString("id"), alice.token()));
      assertThat(deleted.getString("tm_delete")).matches(TS);
      assertThat(await(bobWs, "chatmessage_deleted", d -> d.getString("id").equals(root.getString("id"))).getString("tm_delete"))
          .isEqualTo(deleted.getString("tm_delete"));
      status(mesh.api().put(MESSAGES + "/" + root.getString("id"), alice.token(), new JsonObject().put("text", "again")), 409,
          "MESSAGE_DELETED");
      ok(mesh.api().post(MESSAGES, bob.token(), new JsonObject().put("chat_id", chatId).put("text", "reply to deleted")
          .put("parent_id", root.getString("id"))));
      assertThat(ok(mesh.api().get(MESSAGES + "/" + root.getString("id"), bob.token())).getString("tm_delete"))
          .isEqualTo(deleted.getString("tm_delete"));
    }
  }

  @Test
  void reactionsAreOnePerEmojiAndAgentAndConcurrentReactionsAreNeverLost() throws Exception {
    Agent alice = agent("Alice");
    List<Agent> others = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      others.add(agent("R" + i));
    }
    try (WsClient aliceWs = listen(alice)) {
      String chatId = group(alice, "reactions", others.toArray(new Agent[0])).getString("id");
      String messageId = send(alice, chatId, "react to me").getString("id");
      String path = MESSAGES + "/" + messageId + "/reactions";

      JsonObject first = ok(mesh.api().post(path, alice.token(), new JsonObject().put("emoji", "👍")));
      assertThat(first.getJsonObject("metadata").getJsonArray("reactions")).hasSize(1);
      JsonObject pushed = await(aliceWs, "chatmessage_reaction_updated", d -> d.getString("id").equals(messageId));
      assertThat(pushed.getString("text")).isEqualTo("react to me");
      JsonObject reaction = pushed.getJsonObject("metadata").getJsonArray("reactions").getJsonObject(0);
      assertThat(reaction.getString("emoji")).isEqualTo("👍");
      assertThat(reaction.getString("owner_id")).isEqualTo(alice.id());
      assertThat(reaction.getString("tm_create")).matches(TS);
      ok(mesh.api().post(path, alice.token(), new JsonObject().put("emoji", "👍")));
      JsonObject two = ok(mesh.api().post(path, alice.token(), new JsonObject().put("emoji", "thumbsup")));
      assertThat(two.getJsonObject("metadata").getJsonArray("reactions")).hasSize(2);

      List<CompletableFuture<HttpApi.Reply>> concurrent = new ArrayList<>();
      for (Agent other : others) {
        concurrent.add(CompletableFuture.supplyAsync(() -> mesh.api().post(path, other.token(), new JsonObject().put("emoji", "🎉"))));
      }
      for (CompletableFuture<HttpApi.Reply> f : concurrent) {
        ok(f.get(30, TimeUnit.SECONDS));
      }
      JsonArray all = ok(mesh.api().get(MESSAGES + "/" + messageId, alice.token())).getJsonObject("metadata").getJsonArray("reactions");
      assertThat(all).hasSize(2 + others.size());
      assertThat(all.stream().map(o -> ((JsonObject) o).getString("owner_id")))
          .containsAll(others.stream().map(Agent::id).toList());

      JsonObject removed = ok(mesh.api().delete(path + "?emoji=" + java.net.URLEncoder.encode("👍", java.nio.charset.StandardCharsets.UTF_8),
          alice.token()));
      assertThat(removed.getJsonObject("metadata").getJsonArray("reactions").stream()
          .map(o -> ((JsonObject) o).getString("emoji"))).doesNotContain("👍").contains("thumbsup", "🎉");
      status(mesh.api().delete(path + "?emoji=%F0%9F%91%8D", alice.token()), 404, "REACTION_NOT_FOUND");
      status(mesh.api().post(path, alice.token(), new JsonObject().put("emoji", "")), 400, "INVALID_EMOJI");
      status(mesh.api().post(path, alice.token(), new JsonObject().put("emoji", "x".repeat(100))), 400, "INVALID_EMOJI");
    }
  }

  @Test
  void badInputGetsPrecise4xxAndUnicodeRoundTrips() {
    Agent alice = agent("Alice");
    String chatId = group(alice, "input").getString("id");
    String text = "שלום 👋🏽 e\u0301 — 中文 \u202Eabc";
    JsonObject message = send(alice, chatId, text);
    assertThat(message.getString("text")).isEqualTo(text);
    assertThat(ok(mesh.api().get(MESSAGES + "/" + message.getString("id"), alice.token())).getString("text")).isEqualTo(text);

    status(mesh.api().post(MESSAGES, alice.token(), new JsonObject().put("chat_id", chatId).put("type", "system").put("text", "x")),
        400, "INVALID_MESSAGE_TYPE");
    status(mesh.api().post(MESSAGES, alice.token(), new JsonObject().put("chat_id", chatId).put("text", "")), 400, "EMPTY_MESSAGE");
    status(mesh.api().post(MESSAGES, alice.token(), new JsonObject().put("chat_id", chatId).put("text", 5)), 400, "INVALID_FIELD");
    status(mesh.api().post(MESSAGES, alice.token(), new JsonObject().put("chat_id", chatId).put("text", "x".repeat(65537))), 400,
        "FIELD_TOO_LONG");
    JsonObject withFile = ok(mesh.api().post(MESSAGES, alice.token(), new JsonObject().put("chat_id", chatId).put("medias",
        new JsonArray().add(new JsonObject().put("type", "file").put("file_id", java.util.UUID.randomUUID().toString())))));
    assertThat(withFile.getJsonArray("medias")).hasSize(1);
    status(mesh.api().post(MESSAGES, alice.token(), new JsonObject().put("chat_id", chatId).put("medias", "nope")), 400, "INVALID_FIELD");
    status(mesh.api().post(CHATS, alice.token(), new JsonObject().put("type", "group").put("name", 7)), 400, "INVALID_FIELD");
    assertThat(ok(mesh.api().get(MESSAGES + "?chat_id=" + chatId + "&page_size=0", alice.token())).getJsonArray("result"))
        .as("page_size 0 is clamped to 1, as VoIPBIN clamps").hasSize(1);
    assertThat(ok(mesh.api().get(MESSAGES + "?chat_id=" + chatId + "&page_size=-3", alice.token())).getJsonArray("result"))
        .as("a negative page_size is clamped to 1").hasSize(1);
    assertThat(ok(mesh.api().get(MESSAGES + "?chat_id=" + chatId + "&page_size=101", alice.token())).getJsonArray("result"))
        .as("page_size 101 is clamped to 100").isNotEmpty().hasSizeLessThanOrEqualTo(100);
    status(mesh.api().get(MESSAGES + "?chat_id=" + chatId + "&page_size=ten", alice.token()), 400, "INVALID_PAGE_SIZE");
    status(mesh.api().get(MESSAGES + "?chat_id=" + chatId + "&page_token=garbage", alice.token()), 400, "INVALID_PAGE_TOKEN");
    status(mesh.api().get(CHATS + "/not-a-uuid", alice.token()), 400, "INVALID_ID");
    status(mesh.api().get(CHATS + "/" + java.util.UUID.randomUUID(), alice.token()), 404, "CHAT_NOT_FOUND");
    status(mesh.api().get(MESSAGES + "/" + java.util.UUID.randomUUID(), alice.token()), 404, "MESSAGE_NOT_FOUND");
    assertThat(mesh.api().postRaw(MESSAGES, alice.token(), "{\"chat_id\":\"" + chatId + "\",\"text\":\"" + "y".repeat(1_100_000)
        + "\"}").status()).isEqualTo(413);
  }
}
