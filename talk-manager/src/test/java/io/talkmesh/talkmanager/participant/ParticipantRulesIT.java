package io.talkmesh.talkmanager.participant;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.rpc.RpcResponse;
import io.talkmesh.talkmanager.TalkRpc;
import io.talkmesh.testinfra.Race;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who may enter and leave a chat, and the two fixed seats of a direct chat, through the RPC routes. */
class ParticipantRulesIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  @ParameterizedTest(name = "joining a {0} chat answers {1}")
  @CsvSource({"talk, 200", "group, 403", "direct, 403"})
  void onlyPublicChatsCanBeJoined(String type, int status) {
    String id = rpc.newChat(rpc.alice(), type, rpc.bob());
    RpcResponse joined = rpc.call(rpc.carol(), "POST", "/v1/chats/" + id + "/join", null);
    assertThat(joined.statusCode()).as("join answered %s", joined.data()).isEqualTo(status);
    if (status != 200) {
      assertRefused(joined, Status.PERMISSION_DENIED, "CHAT_NOT_PUBLIC");
    }
  }

  @Test
  void joiningTwiceAnswersTheExistingParticipantAndChangesNothing() {
    String id = rpc.newChat(rpc.alice(), "talk");
    JsonObject joined = rpc.ok(rpc.carol(), "POST", "/v1/chats/" + id + "/join");
    JsonObject chat = rpc.ok(rpc.alice(), "GET", "/v1/chats/" + id);

    JsonObject again = rpc.ok(rpc.carol(), "POST", "/v1/chats/" + id + "/join");
    assertThat(again).as("the second join's answer").isEqualTo(joined);
    assertUnchanged(id, chat, 1);
  }

  @Test
  void addingAParticipantAgainAnswersTheExistingOneAndChangesNothing() {
    String id = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String bobsSeat = participantOf(rpc.alice(), id, rpc.bob());
    JsonObject chat = rpc.ok(rpc.alice(), "GET", "/v1/chats/" + id);

    RpcResponse again = add(rpc.bob(), id, rpc.bob());
    assertThat(again.statusCode()).as("re-adding answered %s", again.data()).isEqualTo(200);
    assertThat(((JsonObject) again.data()).getString("id")).isEqualTo(bobsSeat);
    assertThat(((JsonObject) add(rpc.alice(), id, rpc.bob()).data()).getString("id")).isEqualTo(bobsSeat);
    assertUnchanged(id, chat, 0);
  }

  @ParameterizedTest(name = "in a direct chat of alice and bob, {0} adding {1} answers {1}''s seat")
  @CsvSource({"alice, bob", "bob, alice", "bob, bob"})
  void aDirectChatsAgentsReAddedAreTheirExistingSeats(String who, String whom) {
    String id = rpc.newChat(rpc.alice(), "direct", rpc.bob());
    String seat = participantOf(rpc.alice(), id, rpc.member(whom));
    JsonObject chat = rpc.ok(rpc.alice(), "GET", "/v1/chats/" + id);

    RpcResponse again = add(rpc.member(who), id, rpc.member(whom));
    assertThat(again.statusCode()).as("re-adding answered %s", again.data()).isEqualTo(200);
    assertThat(((JsonObject) again.data()).getString("id")).isEqualTo(seat);
    assertThat(rpc.ok(rpc.alice(), "GET", "/v1/chats/" + id)).as("the chat after re-adding").isEqualTo(chat);
  }

  @Test
  void aDirectChatsSeatIsNotAnsweredToAnOutsider() {
    String id = rpc.newChat(rpc.alice(), "direct", rpc.bob());
    assertRefused(add(rpc.carol(), id, rpc.bob()), Status.FAILED_PRECONDITION, "DIRECT_CHAT_FULL");
  }

  @Test
  void concurrentJoinsOfOneAgentMakeOneParticipantAndOneSystemMessage() throws Exception {
    String id = rpc.newChat(rpc.alice(), "talk");
    JsonObject chat = rpc.ok(rpc.alice(), "GET", "/v1/chats/" + id);
    List<RpcResponse> answers = Race.of(8, () -> rpc.call(rpc.carol(), "POST", "/v1/chats/" + id + "/join", null));
    assertSameParticipant(answers);
    assertThat(rpc.ok(rpc.alice(), "GET", "/v1/chats/" + id).getInteger("member_count"))
        .isEqualTo(chat.getInteger("member_count") + 1);
    assertThat(systemMessages(id)).as("system messages after 8 concurrent joins").hasSize(1);
  }

  @Test
  void concurrentAddsOfOneAgentByTwoMembersMakeOneParticipant() throws Exception {
    String id = rpc.newChat(rpc.alice(), "group", rpc.bob());
    AtomicInteger turn = new AtomicInteger();
    List<RpcResponse> answers = Race.of(8, () -> add(turn.getAndIncrement() % 2 == 0 ? rpc.alice() : rpc.bob(), id,
        rpc.carol()));
    assertSameParticipant(answers);
    assertThat(rpc.ok(rpc.alice(), "GET", "/v1/chats/" + id).getInteger("member_count")).isEqualTo(3);
    assertThat(systemMessages(id)).as("system messages after 8 concurrent adds").hasSize(1);
  }

  @ParameterizedTest(name = "in a {0} chat of alice and bob, {1} adding {2}: {3} {4}")
  @CsvSource({
      "group,  carol, carol, PERMISSION_DENIED,   NOT_PARTICIPANT",
      "talk,   carol, bob,   PERMISSION_DENIED,   NOT_PARTICIPANT",
      "direct, alice, carol, FAILED_PRECONDITION, DIRECT_CHAT_FULL",
      "direct, bob,   carol, FAILED_PRECONDITION, DIRECT_CHAT_FULL"})
  void addingIsRefused(String type, String who, String whom, Status status, String reason) {
    String id = rpc.newChat(rpc.alice(), type, rpc.bob());
    assertRefused(add(rpc.member(who), id, rpc.member(whom)), status, reason);
  }

  @Test
  void anyAgentMayAddItselfToAPublicChat() {
    String id = rpc.newChat(rpc.alice(), "talk");
    assertThat(add(rpc.carol(), id, rpc.carol()).statusCode()).isEqualTo(200);
    assertThat(rpc.ok(rpc.alice(), "GET", "/v1/chats/" + id).getInteger("member_count")).isEqualTo(2);
  }

  @Test
  void agentOfAnotherCustomerCannotBeAdded() {
    String id = rpc.newChat(rpc.alice(), "group");
    Actor stranger = rpc.newCustomerAdmin();
    assertRefused(add(rpc.alice(), id, stranger), Status.NOT_FOUND, "AGENT_NOT_FOUND");
  }

  @Test
  void onlyAgentsAreParticipants() {
    String id = rpc.newChat(rpc.alice(), "group");
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/chats/" + id + "/participants",
        new JsonObject().put("owner_type", "customer").put("owner_id", rpc.bob().ownerId().toString())),
        Status.INVALID_ARGUMENT, "INVALID_OWNER_TYPE");
  }

  @Test
  void directChatSeatStaysWithItsAgentAfterItLeaves() {
    Actor dave = rpc.newAgent(rpc.admin());
    String id = rpc.newChat(dave, "normal");
    assertThat(add(dave, id, rpc.bob()).statusCode()).isEqualTo(200);
    String bobsSeat = participantOf(dave, id, rpc.bob());
    rpc.ok(rpc.bob(), "DELETE", "/v1/chats/" + id + "/participants/" + bobsSeat);

    assertRefused(add(dave, id, rpc.carol()), Status.FAILED_PRECONDITION, "DIRECT_CHAT_FIXED");
    assertThat(add(dave, id, rpc.bob()).statusCode()).isEqualTo(200);
  }

  @Test
  void removingSomeoneNotInTheChatIsNotFound() {
    String id = rpc.newChat(rpc.alice(), "group", rpc.bob());
    assertRefused(rpc.call(rpc.alice(), "DELETE", "/v1/chats/" + id + "/participants/" + java.util.UUID.randomUUID(), null),
        Status.NOT_FOUND, "PARTICIPANT_NOT_FOUND");
  }

  @Test
  void leavingEndsAccessToAPrivateChat() {
    String id = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String bobsSeat = participantOf(rpc.alice(), id, rpc.bob());
    rpc.ok(rpc.bob(), "DELETE", "/v1/chats/" + id + "/participants/" + bobsSeat);
    assertRefused(rpc.get(rpc.bob(), "/v1/chats/" + id), Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
    assertThat(rpc.ok(rpc.alice(), "GET", "/v1/chats/" + id).getInteger("member_count")).isEqualTo(1);
  }

  /** Nothing the repeated entry could have written: the same chat (member_count, tm_update), no new message. */
  private static void assertUnchanged(String chatId, JsonObject chatBefore, int systemMessages) {
    assertThat(rpc.ok(rpc.alice(), "GET", "/v1/chats/" + chatId)).as("the chat after entering again").isEqualTo(chatBefore);
    assertThat(systemMessages(chatId)).as("system messages of chat %s", chatId).hasSize(systemMessages);
  }

  private static List<JsonObject> systemMessages(String chatId) {
    return rpc.ok(rpc.alice(), "GET", "/v1/messages?chat_id=" + chatId + "&page_size=100").getJsonArray("result").stream()
        .map(JsonObject.class::cast).filter(m -> "system".equals(m.getString("type"))).toList();
  }

  private static void assertSameParticipant(List<RpcResponse> answers) {
    assertThat(answers).as("answers").allSatisfy(a -> assertThat(a.statusCode()).as("%s", a.data()).isEqualTo(200));
    assertThat(answers.stream().map(a -> ((JsonObject) a.data()).getString("id")).distinct().toList())
        .as("participant ids answered").hasSize(1);
  }

  private static RpcResponse add(Actor actor, String chatId, Actor agent) {
    return rpc.call(actor, "POST", "/v1/chats/" + chatId + "/participants",
        new JsonObject().put("owner_id", agent.ownerId().toString()));
  }

  private static String participantOf(Actor reader, String chatId, Actor agent) {
    RpcResponse listed = rpc.get(reader, "/v1/chats/" + chatId + "/participants");
    for (Object p : (JsonArray) listed.data()) {
      JsonObject participant = (JsonObject) p;
      if (participant.getString("owner_id").equals(agent.ownerId().toString())) {
        return participant.getString("id");
      }
    }
    throw new AssertionError(agent.ownerId() + " is not in " + listed.data());
  }
}
