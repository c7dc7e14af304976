package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.testing.Agent;
import io.talkmesh.devstack.testing.Mesh;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * VoIPBIN's older Chat API (seed 004): its tutorial replayed request by request with the documented shapes, and
 * the same data seen through both APIs and pushed to the same WebSocket subscribers.
 */
class ChatApiIT {
  @RegisterExtension
  static final Mesh mesh = Mesh.withDefaults();
  private static final String TS = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}";
  private static final String LIVE = "9999-01-01 00:00:00.000000";

  private static Agent agent(String name) {
    return Agent.create(mesh.api(), mesh.adminToken(), name);
  }

  private static JsonObject ok(HttpApi.Reply reply) {
    assertThat(reply.status()).as("expected 200, got %s", reply).isEqualTo(200);
    return reply.json();
  }

  @Test
  void tutorialOfTheOlderChatApiRunsWithTheDocumentedShapes() {
    Agent agent1 = agent("agent1");
    Agent agent2 = agent("agent2");

    JsonObject chat = ok(mesh.api().postAsText("/v1.0/chats", agent1.token(), new JsonObject()
        .put("type", "normal").put("owner_id", agent1.id())
        .put("participant_ids", new JsonArray().add(agent1.id()).add(agent2.id()))
        .put("name", "test chat normal").put("detail", "test chat with agent 1 and agent2")));
    assertThat(chat.fieldNames()).containsExactlyInAnyOrder("id", "customer_id", "type", "owner_id", "room_owner_id",
        "participant_ids", "name", "detail", "tm_create", "tm_update", "tm_delete");
    assertThat(chat.getString("type")).isEqualTo("normal");
    assertThat(chat.getString("owner_id")).isEqualTo(agent1.id());
    assertThat(chat.getString("room_owner_id")).as("VoIPBIN's name for the owner").isEqualTo(agent1.id());
    assertThat(chat.getJsonArray("participant_ids")).containsExactlyInAnyOrder(agent1.id(), agent2.id());
    assertThat(chat.getString("tm_create")).matches(TS);
    assertThat(chat.getString("tm_delete")).isEqualTo(LIVE);
    String chatId = chat.getString("id");

    JsonObject list = ok(mesh.api().get("/v1.0/chats", agent1.token()));
    assertThat(list.containsKey("next_page_token")).isTrue();
    assertThat(list.getJsonArray("result")).contains(chat);
    assertThat(ok(mesh.api().get("/v1.0/chats/" + chatId, agent1.token()))).isEqualTo(chat);

    JsonObject rooms = ok(mesh.api().get("/v1.0/chatrooms?owner_id=" + agent1.id(), agent1.token()));
    JsonObject room = rooms.getJsonArray("result").getJsonObject(0);
    assertThat(room.fieldNames()).containsExactlyInAnyOrder("id", "customer_id", "owner_type", "owner_id", "type", "chat_id",
        "room_owner_id", "participant_ids", "name", "detail", "tm_create", "tm_update", "tm_delete");
    assertThat(room.getString("chat_id")).isEqualTo(chatId);
    assertThat(room.getString("owner_type")).isEqualTo("agent");
    assertThat(room.getString("owner_id")).isEqualTo(agent1.id());
    assertThat(room.getString("room_owner_id")).isEqualTo(agent1.id());
    assertThat(room.getString("tm_delete")).isEqualTo(LIVE);
    assertThat(ok(mesh.api().get("/v1.0/chatrooms/" + room.getString("id"), agent1.token()))).isEqualTo(room);

    JsonObject message = ok(mesh.api().postAsText("/v1.0/chatmessages", agent1.token(), new JsonObject().put("chat_id", chatId)
        .put("source", new JsonObject().put("type", "agent").put("target", agent1.id()))
        .put("type", "normal").put("text", "test message")));
    assertThat(message.fieldNames()).containsExactlyInAnyOrder("id", "customer_id", "chat_id", "source", "type", "text",
        "medias", "tm_create", "tm_update", "tm_delete");
    assertThat(message.getJsonObject("source")).isEqualTo(new JsonObject().put("type", "agent").put("target", agent1.id())
        .put("target_name", "").put("name", "").put("detail", ""));
    assertThat(message.getJsonArray("medias")).isEmpty();
    assertThat(ok(mesh.api().get("/v1.0/chatmessages?chat_id=" + chatId, agent2.token())).getJsonArray("result")).contains(message);
    assertThat(ok(mesh.api().get("/v1.0/chatmessages/" + message.getString("id"), agent2.token()))).isEqualTo(message);

    JsonObject room2 = ok(mesh.api().get("/v1.0/chatrooms", agent2.token())).getJsonArray("result").getJsonObject(0);
    JsonObject roomMessages = ok(mesh.api().get("/v1.0/chatroommessages?chatroom_id=" + room2.getString("id"), agent2.token()));
    JsonObject roomMessage = roomMessages.getJsonArray("result").getJsonObject(0);
    assertThat(roomMessage.fieldNames()).containsExactlyInAnyOrder("id", "customer_id", "owner_type", "owner_id",
        "chatroom_id", "messagechat_id", "source", "type", "text", "medias", "tm_create", "tm_update", "tm_delete");
    assertThat(roomMessage.getString("owner_type")).isEqualTo("agent");
    assertThat(roomMessage.getString("owner_id")).as("the room's agent owns its copy").isEqualTo(agent2.id());
    assertThat(room2.getString("room_owner_id")).as("agent2's room of agent1's chat").isEqualTo(agent1.id());
    assertThat(roomMessage.getString("chatroom_id")).isEqualTo(room2.getString("id"));
    assertThat(roomMessage.getString("messagechat_id")).isEqualTo(message.getString("id"));
    assertThat(ok(mesh.api().get("/v1.0/chatroommessages/" + roomMessage.getString("id"), agent2.token()))).isEqualTo(roomMessage);
    assertThat(mesh.api().get("/v1.0/chatroommessages/" + roomMessage.getString("id"), agent1.token()).status()).isEqualTo(404);
  }

  @Test
  void aMessageSentThroughEitherApiIsSeenThroughBothAndPushedOnce() throws Exception {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    String chatId = ok(mesh.api().post("/v1.0/chats", alice.token(), new JsonObject().put("type", "group").put("name", "both")
        .put("participant_ids", new JsonArray().add(bob.id())))).getString("id");
    try (WsClient bobWs = WsClient.connect(mesh.client(), mesh.stack().wsPort(), bob.token()).subscribe("agent_id:" + bob.id() + ":chat")) {
      JsonObject older = ok(mesh.api().post("/v1.0/chatmessages", alice.token(), new JsonObject().put("chat_id", chatId)
          .put("source", new JsonObject().put("type", "agent").put("target", alice.id())).put("type", "normal").put("text", "old api")));
      JsonObject pushed = bobWs.next(f -> "chatmessage_created".equals(f.getString("type"))
          && f.getJsonObject("data").getString("id").equals(older.getString("id")), Duration.ofSeconds(15));
      assertThat(pushed.getJsonObject("data").getString("text")).isEqualTo("old api");
      assertThat(ok(mesh.api().get("/v1.0/service_agents/talk_messages?chat_id=" + chatId, bob.token())).getJsonArray("result")
          .stream().map(o -> ((JsonObject) o).getString("id"))).contains(older.getString("id"));

      JsonObject talk = ok(mesh.api().post("/v1.0/service_agents/talk_messages", bob.token(), new JsonObject().put("chat_id", chatId)
          .put("text", "talk api")));
      assertThat(ok(mesh.api().get("/v1.0/chatmessages?chat_id=" + chatId, alice.token())).getJsonArray("result").stream()
          .map(o -> ((JsonObject) o).getString("id"))).contains(talk.getString("id"), older.getString("id"));
      String bobRoom = ok(mesh.api().get("/v1.0/chatrooms", bob.token())).getJsonArray("result").stream().map(o -> (JsonObject) o)
          .filter(r -> r.getString("chat_id").equals(chatId)).findFirst().orElseThrow().getString("id");
      assertThat(ok(mesh.api().get("/v1.0/chatroommessages?chatroom_id=" + bobRoom, bob.token())).getJsonArray("result").stream()
          .map(o -> ((JsonObject) o).getString("messagechat_id"))).containsAll(List.of(talk.getString("id"), older.getString("id")));
    }
  }

  @Test
  void chatroomsFollowParticipationAndRulesMatchTheTalkApi() {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    Agent carol = agent("carol");
    JsonObject chat = ok(mesh.api().post("/v1.0/chats", alice.token(), new JsonObject().put("type", "group").put("name", "g")
        .put("participant_ids", new JsonArray().add(bob.id()))));
    String chatId = chat.getString("id");
    JsonObject bobRoom = ok(mesh.api().get("/v1.0/chatrooms", bob.token())).getJsonArray("result").getJsonObject(0);
    assertThat(bobRoom.getString("chat_id")).isEqualTo(chatId);

    assertThat(mesh.api().post("/v1.0/chatmessages", carol.token(), new JsonObject().put("chat_id", chatId).put("text", "x")).status())
        .isEqualTo(403);
    assertThat(mesh.api().post("/v1.0/chatmessages", bob.token(), new JsonObject().put("chat_id", chatId).put("text", "x")
        .put("source", new JsonObject().put("type", "agent").put("target", alice.id()))).status()).isEqualTo(403);
    assertThat(mesh.api().get("/v1.0/chats/" + chatId, carol.token()).status()).isEqualTo(403);
    assertThat(mesh.api().post("/v1.0/chats", alice.token(), new JsonObject().put("type", "talk")).status()).isEqualTo(400);
    assertThat(mesh.api().get("/v1.0/chatrooms?owner_id=" + alice.id(), bob.token()).status()).isEqualTo(403);

    ok(mesh.api().delete("/v1.0/service_agents/talk_chats/" + chatId + "/participants/" + bobRoom.getString("id"), alice.token()));
    assertThat(mesh.api().get("/v1.0/chatrooms/" + bobRoom.getString("id"), bob.token()).status()).isEqualTo(404);
    assertThat(ok(mesh.api().get("/v1.0/chats/" + chatId, alice.token())).getJsonArray("participant_ids")).containsExactly(alice.id());

    JsonObject deleted = ok(mesh.api().delete("/v1.0/chats/" + chatId, alice.token()));
    assertThat(deleted.getString("tm_delete")).matches(TS).isNotEqualTo(LIVE);
    assertThat(mesh.api().post("/v1.0/chatmessages", alice.token(), new JsonObject().put("chat_id", chatId).put("text", "x")).status())
        .isEqualTo(409);
  }

  private static JsonObject group(Agent owner, String name, Agent... others) {
    JsonArray ids = new JsonArray();
    for (Agent other : others) {
      ids.add(other.id());
    }
    return ok(mesh.api().post("/v1.0/chats", owner.token(), new JsonObject().put("type", "group").put("name", name)
        .put("participant_ids", ids)));
  }

  /** alice's group chat with bob; carol, of the same customer, outside it. */
  private record Team(Agent alice, Agent bob, Agent carol, String chatId) {
    static Team of(String name) {
      Agent alice = agent("alice");
      Agent bob = agent("bob");
      return new Team(alice, bob, agent("carol"), group(alice, name, bob).getString("id"));
    }
  }

  private static JsonObject roomOf(Agent agent, String chatId) {
    return ok(mesh.api().get("/v1.0/chatrooms", agent.token())).getJsonArray("result").stream().map(o -> (JsonObject) o)
        .filter(r -> r.getString("chat_id").equals(chatId)).findFirst()
        .orElseThrow(() -> new AssertionError(agent.name() + " has no room of chat " + chatId));
  }

  private static void refused(HttpApi.Reply reply, int status, String reason) {
    assertThat(reply.status()).as("expected %d %s, got %s", status, reason, reply).isEqualTo(status);
    assertThat(reply.json().getJsonObject("error").getString("reason")).as("reason of %s", reply).isEqualTo(reason);
  }

  @Test
  void participantIdsAddAndRemoveAgentsWithTheTalkRulesAndEvents() throws Exception {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    Agent carol = agent("carol");
    Agent dave = agent("dave");
    String chatId = group(alice, "team", bob).getString("id");
    String path = "/v1.0/chats/" + chatId + "/participant_ids";
    try (WsClient bobWs = WsClient.connect(mesh.client(), mesh.stack().wsPort(), bob.token()).subscribe("agent_id:" + bob.id() + ":chat")) {
      JsonObject added = ok(mesh.api().post(path, alice.token(), new JsonObject().put("participant_id", carol.id())));
      assertThat(added.getJsonArray("participant_ids")).containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id());
      assertThat(added.getString("room_owner_id")).isEqualTo(alice.id());
      JsonObject pushed = bobWs.next(f -> "chatparticipant_added".equals(f.getString("type"))
          && carol.id().equals(f.getJsonObject("data").getString("owner_id")), Duration.ofSeconds(15));
      assertThat(pushed.getJsonObject("data").getString("chat_id")).isEqualTo(chatId);
      assertThat(roomOf(carol, chatId).getJsonArray("participant_ids")).contains(carol.id());

      refused(mesh.api().post(path, dave.token(), new JsonObject().put("participant_id", dave.id())), 403, "NOT_PARTICIPANT");
      refused(mesh.api().post(path, alice.token(), new JsonObject().put("participant_id", java.util.UUID.randomUUID().toString())),
          404, "AGENT_NOT_FOUND");
      refused(mesh.api().post(path, alice.token(), new JsonObject()), 400, "INVALID_ID");
      refused(mesh.api().delete(path + "/" + carol.id(), dave.token()), 403, "NOT_PARTICIPANT");
      refused(mesh.api().delete(path + "/" + dave.id(), alice.token()), 404, "PARTICIPANT_NOT_FOUND");

      JsonObject removed = ok(mesh.api().delete(path + "/" + carol.id(), bob.token()));
      assertThat(removed.getJsonArray("participant_ids")).containsExactlyInAnyOrder(alice.id(), bob.id());
      bobWs.next(f -> "chatparticipant_removed".equals(f.getString("type"))
          && carol.id().equals(f.getJsonObject("data").getString("owner_id")), Duration.ofSeconds(15));
      refused(mesh.api().get("/v1.0/chats/" + chatId, carol.token()), 403, "NOT_PARTICIPANT");

      JsonObject left = ok(mesh.api().delete(path + "/" + bob.id(), bob.token()));
      assertThat(left.getJsonArray("participant_ids")).as("the chat, to the agent who left it").containsExactly(alice.id());
    }
  }

  @Test
  void roomOwnerIdHandsTheChatToAnotherParticipantOnlyByItsOwner() throws Exception {
    Team t = Team.of("handover");
    String path = "/v1.0/chats/" + t.chatId() + "/room_owner_id";

    refused(mesh.api().put(path, t.bob().token(), new JsonObject().put("room_owner_id", t.bob().id())), 403, "NOT_ROOM_OWNER");
    refused(mesh.api().put(path, t.carol().token(), new JsonObject().put("room_owner_id", t.carol().id())), 403, "NOT_PARTICIPANT");
    refused(mesh.api().put(path, t.alice().token(), new JsonObject().put("room_owner_id", t.carol().id())), 404, "PARTICIPANT_NOT_FOUND");
    refused(mesh.api().put(path, t.alice().token(), new JsonObject()), 400, "INVALID_ID");

    JsonObject handed;
    try (WsClient bobWs = WsClient.connect(mesh.client(), mesh.stack().wsPort(), t.bob().token())
        .subscribe("agent_id:" + t.bob().id() + ":chat")) {
      handed = ok(mesh.api().put(path, t.alice().token(), new JsonObject().put("room_owner_id", t.bob().id())));
      bobWs.next(f -> "chat_updated".equals(f.getString("type"))
          && t.chatId().equals(f.getJsonObject("data").getString("id")), Duration.ofSeconds(15));
    }
    assertThat(handed.getString("room_owner_id")).isEqualTo(t.bob().id());
    assertThat(handed.getString("owner_id")).isEqualTo(t.bob().id());
    assertThat(ok(mesh.api().get("/v1.0/chats/" + t.chatId(), t.alice().token()))).isEqualTo(handed);
    assertThat(roomOf(t.alice(), t.chatId()).getString("room_owner_id")).isEqualTo(t.bob().id());
    refused(mesh.api().put(path, t.alice().token(), new JsonObject().put("room_owner_id", t.alice().id())), 403, "NOT_ROOM_OWNER");
    assertThat(ok(mesh.api().put(path, t.bob().token(), new JsonObject().put("room_owner_id", t.alice().id()))).getString("owner_id"))
        .isEqualTo(t.alice().id());
  }

  @Test
  void messagesAreDeletedByTheirAuthorThroughChatmessagesAndChatroommessages() {
    Team t = Team.of("deletes");
    JsonObject message = ok(mesh.api().post("/v1.0/chatmessages", t.alice().token(), new JsonObject().put("chat_id", t.chatId())
        .put("text", "to be deleted")));
    String id = message.getString("id");
    refused(mesh.api().delete("/v1.0/chatmessages/" + id, t.bob().token()), 403, "NOT_AUTHOR");
    refused(mesh.api().delete("/v1.0/chatmessages/" + id, t.carol().token()), 403, "NOT_PARTICIPANT");
    JsonObject deleted = ok(mesh.api().delete("/v1.0/chatmessages/" + id, t.alice().token()));
    assertThat(deleted.getString("tm_delete")).matches(TS).isNotEqualTo(LIVE);
    assertThat(deleted.getString("text")).isEmpty();
    assertThat(ok(mesh.api().get("/v1.0/chatmessages/" + id, t.bob().token()))).isEqualTo(deleted);

    JsonObject bobRoom = roomOf(t.bob(), t.chatId());
    JsonObject aliceRoom = roomOf(t.alice(), t.chatId());
    JsonObject sent = ok(mesh.api().post("/v1.0/chatroommessages", t.bob().token(), new JsonObject()
        .put("chatroom_id", bobRoom.getString("id")).put("text", "through my room").put("medias", new JsonArray())));
    assertThat(sent.getString("chatroom_id")).isEqualTo(bobRoom.getString("id"));
    assertThat(sent.getString("owner_id")).isEqualTo(t.bob().id());
    assertThat(sent.getJsonObject("source").getString("target")).isEqualTo(t.bob().id());
    assertThat(sent.getString("text")).isEqualTo("through my room");
    refused(mesh.api().post("/v1.0/chatroommessages", t.alice().token(), new JsonObject()
        .put("chatroom_id", bobRoom.getString("id")).put("text", "through bob's room")), 404, "CHATROOM_NOT_FOUND");

    JsonObject aliceView = ok(mesh.api().get("/v1.0/chatroommessages?chatroom_id=" + aliceRoom.getString("id"), t.alice().token()))
        .getJsonArray("result").stream().map(o -> (JsonObject) o)
        .filter(m -> m.getString("messagechat_id").equals(sent.getString("messagechat_id"))).findFirst().orElseThrow();
    assertThat(aliceView.getString("owner_id")).isEqualTo(t.alice().id());
    refused(mesh.api().delete("/v1.0/chatroommessages/" + aliceView.getString("id"), t.alice().token()), 403, "NOT_AUTHOR");
    refused(mesh.api().delete("/v1.0/chatroommessages/" + sent.getString("id"), t.alice().token()), 404, "CHATROOMMESSAGE_NOT_FOUND");
    JsonObject gone = ok(mesh.api().delete("/v1.0/service_agents/chatroommessages/" + sent.getString("id"), t.bob().token()));
    assertThat(gone.getString("tm_delete")).matches(TS).isNotEqualTo(LIVE);
    assertThat(ok(mesh.api().get("/v1.0/chatmessages/" + sent.getString("messagechat_id"), t.alice().token())).getString("tm_delete"))
        .isEqualTo(gone.getString("tm_delete"));
  }

  @Test
  void chatroomsAreCreatedRenamedAndLeftThroughBothPaths() {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    Agent carol = agent("carol");
    JsonObject created = ok(mesh.api().post("/v1.0/chatrooms", alice.token(), new JsonObject()
        .put("participant_ids", new JsonArray().add(bob.id())).put("name", "room").put("detail", "d")));
    assertThat(created.getString("owner_id")).isEqualTo(alice.id());
    assertThat(created.getString("room_owner_id")).isEqualTo(alice.id());
    assertThat(created.getString("type")).isEqualTo("group");
    assertThat(created.getJsonArray("participant_ids")).containsExactlyInAnyOrder(alice.id(), bob.id());
    String chatId = created.getString("chat_id");
    JsonObject bobRoom = roomOf(bob, chatId);

    JsonObject agentSide = ok(mesh.api().get("/v1.0/service_agents/chatrooms", bob.token()));
    assertThat(agentSide).isEqualTo(ok(mesh.api().get("/v1.0/chatrooms", bob.token())));
    assertThat(ok(mesh.api().get("/v1.0/service_agents/chatrooms/" + bobRoom.getString("id"), bob.token()))).isEqualTo(bobRoom);
    JsonObject viaAgentSide = ok(mesh.api().post("/v1.0/service_agents/chatrooms", bob.token(), new JsonObject()
        .put("participant_ids", new JsonArray().add(carol.id())).put("name", "second").put("detail", "")));
    assertThat(viaAgentSide.getString("owner_id")).isEqualTo(bob.id());

    JsonObject renamed = ok(mesh.api().put("/v1.0/chatrooms/" + created.getString("id"), alice.token(),
        new JsonObject().put("name", "renamed").put("detail", "d2")));
    assertThat(renamed.getString("name")).isEqualTo("renamed");
    assertThat(renamed.getString("id")).isEqualTo(created.getString("id"));
    assertThat(roomOf(bob, chatId).getString("detail")).as("a room's name is its chat's").isEqualTo("d2");
    refused(mesh.api().put("/v1.0/chatrooms/" + created.getString("id"), carol.token(),
        new JsonObject().put("name", "x").put("detail", "x")), 404, "CHATROOM_NOT_FOUND");
    refused(mesh.api().put("/v1.0/service_agents/chatrooms/" + bobRoom.getString("id"), alice.token(),
        new JsonObject().put("name", "x").put("detail", "x")), 404, "CHATROOM_NOT_FOUND");
    refused(mesh.api().delete("/v1.0/chatrooms/" + bobRoom.getString("id"), alice.token()), 404, "CHATROOM_NOT_FOUND");

    JsonObject left = ok(mesh.api().delete("/v1.0/service_agents/chatrooms/" + bobRoom.getString("id"), bob.token()));
    assertThat(left.getString("tm_delete")).matches(TS).isNotEqualTo(LIVE);
    assertThat(left.getJsonArray("participant_ids")).containsExactly(alice.id());
    refused(mesh.api().get("/v1.0/chatrooms/" + bobRoom.getString("id"), bob.token()), 404, "CHATROOM_NOT_FOUND");
    assertThat(ok(mesh.api().get("/v1.0/chats/" + chatId, alice.token())).getJsonArray("participant_ids")).containsExactly(alice.id());
  }
}
