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
    assertThat(chat.fieldNames()).containsExactlyInAnyOrder("id", "customer_id", "type", "owner_id", "participant_ids",
        "name", "detail", "tm_create", "tm_update", "tm_delete");
    assertThat(chat.getString("type")).isEqualTo("normal");
    assertThat(chat.getString("owner_id")).isEqualTo(agent1.id());
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
    assertThat(room.fieldNames()).containsExactlyInAnyOrder("id", "customer_id", "type", "chat_id", "owner_id",
        "participant_ids", "name", "detail", "tm_create", "tm_update", "tm_delete");
    assertThat(room.getString("chat_id")).isEqualTo(chatId);
    assertThat(room.getString("owner_id")).isEqualTo(agent1.id());
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
    assertThat(roomMessage.fieldNames()).containsExactlyInAnyOrder("id", "customer_id", "chatroom_id", "messagechat_id",
        "source", "type", "text", "medias", "tm_create", "tm_update", "tm_delete");
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
}
