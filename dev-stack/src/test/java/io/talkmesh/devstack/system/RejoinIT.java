package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.testing.Agent;
import io.talkmesh.devstack.testing.Mesh;
import io.talkmesh.testinfra.Race;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Entering a chat one is already in, over HTTP as a VoIPBIN client re-joins: 200 with the existing participant, and
 * over WebSocket no second {@code chatparticipant_added} nor a second "joined" system message, however many of the
 * requests race. Absence is proven by a marker message sent after them: frames of a chat arrive in seq order, so
 * every frame the joins caused has arrived when the marker's has.
 */
class RejoinIT {
  @RegisterExtension
  static final Mesh mesh = Mesh.withDefaults();
  private static final String CHATS = "/v1.0/service_agents/talk_chats";
  private static final String MESSAGES = "/v1.0/service_agents/talk_messages";
  private static final int RACERS = 6;
  /** One team for the class: each test makes its own chats, so the agents' other chats never meet its frames. */
  private static Agent alice;
  private static Agent bob;
  private static Agent carol;

  @BeforeAll
  static void team() {
    alice = agent("Alice");
    bob = agent("Bob");
    carol = agent("Carol");
  }

  @Test
  void concurrentJoinsOfAPublicChatAnswerOneParticipantAndPushItOnce() throws Exception {
    try (WsClient aliceWs = listen(alice)) {
      String chatId = ok(mesh.api().post(CHATS, alice.token(), new JsonObject().put("type", "talk").put("name", "lobby")))
          .getString("id");
      String join = CHATS + "/" + chatId + "/join";

      List<HttpApi.Reply> answers = Race.of(RACERS, () -> mesh.api().post(join, carol.token(), new JsonObject()));
      JsonObject carols = sameParticipant(answers);
      Map<String, String> key = Map.of("Idempotency-Key", "rejoin-" + UUID.randomUUID());
      assertThat(ok(mesh.api().post(join, carol.token(), new JsonObject(), key))).isEqualTo(carols);
      assertThat(ok(mesh.api().post(join, carol.token(), new JsonObject(), key))).isEqualTo(carols);

      List<JsonObject> frames = framesUntilMarker(aliceWs, alice, chatId);
      assertThat(count(frames, "chatparticipant_added", d -> d.getString("owner_id").equals(carol.id())))
          .as("chatparticipant_added frames for carol in %s", frames).isEqualTo(1);
      assertThat(count(frames, "chatmessage_created", d -> d.getString("text").equals("Carol joined the conversation.")))
          .as("system message frames in %s", frames).isEqualTo(1);
      assertThat(ok(mesh.api().get(CHATS + "/" + chatId, alice.token())).getInteger("member_count")).isEqualTo(2);
      assertThat(systemMessages(alice, chatId)).hasSize(1);
    }
  }

  @Test
  void addingAnExistingParticipantAnswersItsSeatAndPushesNothing() throws Exception {
    try (WsClient bobWs = listen(bob)) {
      String chatId = ok(mesh.api().post(CHATS, alice.token(), new JsonObject().put("type", "group").put("name", "team")
          .put("participants", new JsonArray().add(participant(bob))))).getString("id");
      String add = CHATS + "/" + chatId + "/participants";
      JsonArray before = (JsonArray) mesh.api().get(add, alice.token()).body();

      AtomicInteger turn = new AtomicInteger();
      List<HttpApi.Reply> answers = Race.of(RACERS, () -> mesh.api().post(add,
          (turn.getAndIncrement() % 2 == 0 ? alice : bob).token(), participant(carol)));
      sameParticipant(answers);
      JsonObject bobsSeat = before.stream().map(JsonObject.class::cast)
          .filter(p -> p.getString("owner_id").equals(bob.id())).findFirst().orElseThrow();
      assertThat(ok(mesh.api().post(add, alice.token(), participant(bob)))).isEqualTo(bobsSeat);

      List<JsonObject> frames = framesUntilMarker(bobWs, alice, chatId);
      assertThat(count(frames, "chatparticipant_added", d -> d.getString("owner_id").equals(carol.id())))
          .as("chatparticipant_added frames for carol in %s", frames).isEqualTo(1);
      assertThat(count(frames, "chatparticipant_added", d -> d.getString("owner_id").equals(bob.id())))
          .as("chatparticipant_added frames for bob in %s", frames).isLessThanOrEqualTo(1);
      assertThat(count(frames, "chatmessage_created", d -> "system".equals(d.getString("type"))))
          .as("system message frames in %s", frames).isEqualTo(1);
      assertThat(ok(mesh.api().get(CHATS + "/" + chatId, alice.token())).getInteger("member_count")).isEqualTo(3);
    }
  }

  @Test
  void aDirectChatsAgentsReAddEachOtherButNobodyElse() {
    JsonObject direct = ok(mesh.api().post(CHATS, alice.token(), new JsonObject().put("type", "direct")
        .put("participants", new JsonArray().add(participant(bob)))));
    String add = CHATS + "/" + direct.getString("id") + "/participants";
    JsonObject alicesSeat = ((JsonArray) mesh.api().get(add, bob.token()).body()).stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("owner_id").equals(alice.id())).findFirst().orElseThrow();

    assertThat(ok(mesh.api().post(add, bob.token(), participant(alice)))).isEqualTo(alicesSeat);
    JsonObject read = ok(mesh.api().get(CHATS + "/" + direct.getString("id"), alice.token()));
    assertThat(read.getLong("unread_count")).as("the reader's own state rides on a read").isZero();
    java.util.List.of("unread_count", "mention_count", "read_message_id", "tm_read").forEach(read::remove);
    assertThat(read).isEqualTo(direct);
    HttpApi.Reply third = mesh.api().post(add, bob.token(), participant(carol));
    assertThat(third.status()).as("%s", third).isEqualTo(409);
    assertThat(third.json().getJsonObject("error").getString("reason")).isEqualTo("DIRECT_CHAT_FULL");
    HttpApi.Reply outsider = mesh.api().post(add, carol.token(), participant(bob));
    assertThat(outsider.status()).as("%s", outsider).isEqualTo(409);
  }

  private static Agent agent(String name) {
    return Agent.create(mesh.api(), mesh.adminToken(), name);
  }

  private static JsonObject participant(Agent agent) {
    return new JsonObject().put("owner_type", "agent").put("owner_id", agent.id());
  }

  private static WsClient listen(Agent agent) throws Exception {
    return WsClient.connect(mesh.client(), mesh.stack().wsPort(), agent.token()).subscribe("agent_id:" + agent.id() + ":chat");
  }

  private static JsonObject ok(HttpApi.Reply reply) {
    assertThat(reply.status()).as("expected 200, got %s", reply).isEqualTo(200);
    return reply.json();
  }

  private static JsonObject sameParticipant(List<HttpApi.Reply> answers) {
    assertThat(answers).allSatisfy(a -> assertThat(a.status()).as("%s", a).isEqualTo(200));
    assertThat(answers.stream().map(HttpApi.Reply::json).distinct().toList()).as("participants answered").hasSize(1);
    return answers.get(0).json();
  }

  /** Sends a marker message and returns the chat's frames received up to and including the marker's. */
  private static List<JsonObject> framesUntilMarker(WsClient ws, Agent author, String chatId) throws InterruptedException {
    String marker = ok(mesh.api().post(MESSAGES, author.token(), new JsonObject().put("chat_id", chatId)
        .put("type", "normal").put("text", "marker"))).getString("id");
    ws.next(f -> "chatmessage_created".equals(f.getString("type")) && marker.equals(f.getJsonObject("data").getString("id")),
        Duration.ofSeconds(15));
    return ws.seen().stream().filter(f -> f.getJsonObject("data") != null
        && chatId.equals(f.getJsonObject("data").getString("chat_id"))).toList();
  }

  private static long count(List<JsonObject> frames, String type, Predicate<JsonObject> data) {
    return frames.stream().filter(f -> type.equals(f.getString("type")) && data.test(f.getJsonObject("data"))).count();
  }

  private static List<JsonObject> systemMessages(Agent reader, String chatId) {
    return ok(mesh.api().get(MESSAGES + "?chat_id=" + chatId + "&page_size=100", reader.token())).getJsonArray("result")
        .stream().map(JsonObject.class::cast).filter(m -> "system".equals(m.getString("type"))).toList();
  }
}
