package io.talkmesh.talkmanager.participant;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.rpc.RpcResponse;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who may enter and leave a chat, and the two fixed seats of a direct chat, through the RPC routes. */
class ParticipantRulesIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  private static Actor admin;
  private static Actor alice;
  private static Actor bob;
  private static Actor carol;

  @BeforeAll
  static void agents() {
    admin = rpc.newCustomerAdmin();
    alice = rpc.newAgent(admin);
    bob = rpc.newAgent(admin);
    carol = rpc.newAgent(admin);
  }

  @ParameterizedTest(name = "joining a {0} chat answers {1}")
  @CsvSource({"talk, 200", "group, 403", "direct, 403"})
  void onlyPublicChatsCanBeJoined(String type, int status) {
    String id = rpc.newChat(alice, type, bob);
    RpcResponse joined = rpc.call(carol, "POST", "/v1/chats/" + id + "/join", null);
    assertThat(joined.statusCode()).as("join answered %s", joined.data()).isEqualTo(status);
    if (status != 200) {
      assertRefused(joined, Status.PERMISSION_DENIED, "CHAT_NOT_PUBLIC");
    }
  }

  @Test
  void joiningTwiceIsAlreadyExists() {
    String id = rpc.newChat(alice, "talk");
    rpc.ok(carol, "POST", "/v1/chats/" + id + "/join");
    assertRefused(rpc.call(carol, "POST", "/v1/chats/" + id + "/join", null), Status.ALREADY_EXISTS,
        "ALREADY_PARTICIPANT");
  }

  @Test
  void joiningRecountsMembersAndWritesASystemMessage() {
    String id = rpc.newChat(alice, "talk");
    rpc.ok(bob, "POST", "/v1/chats/" + id + "/join");
    assertThat(rpc.ok(alice, "GET", "/v1/chats/" + id).getInteger("member_count")).isEqualTo(2);
    JsonArray messages = rpc.ok(alice, "GET", "/v1/messages?chat_id=" + id).getJsonArray("result");
    assertThat(messages).hasSize(1);
    assertThat(messages.getJsonObject(0).getString("type")).isNotEqualTo("normal");
  }

  @Test
  void nonParticipantCannotAddAgentsToAGroup() {
    String id = rpc.newChat(alice, "group", bob);
    assertRefused(add(carol, id, carol), Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
  }

  @Test
  void anyAgentMayAddItselfToAPublicChatButNotOthers() {
    String id = rpc.newChat(alice, "talk");
    assertThat(add(carol, id, carol).statusCode()).isEqualTo(200);
    Actor dave = rpc.newAgent(admin);
    assertRefused(add(dave, id, bob), Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
  }

  @Test
  void agentOfAnotherCustomerCannotBeAdded() {
    String id = rpc.newChat(alice, "group");
    Actor stranger = rpc.newCustomerAdmin();
    assertRefused(add(alice, id, stranger), Status.NOT_FOUND, "AGENT_NOT_FOUND");
  }

  @Test
  void onlyAgentsAreParticipants() {
    String id = rpc.newChat(alice, "group");
    assertRefused(rpc.call(alice, "POST", "/v1/chats/" + id + "/participants",
        new JsonObject().put("owner_type", "customer").put("owner_id", bob.ownerId().toString())),
        Status.INVALID_ARGUMENT, "INVALID_OWNER_TYPE");
  }

  @Test
  void directChatHasNoThirdSeat() {
    String id = rpc.newChat(alice, "direct", bob);
    assertRefused(add(alice, id, carol), Status.FAILED_PRECONDITION, "DIRECT_CHAT_FULL");
  }

  @Test
  void directChatSeatStaysWithItsAgentAfterItLeaves() {
    Actor dave = rpc.newAgent(admin);
    String id = rpc.newChat(dave, "normal");
    rpc.ok(dave, "POST", "/v1/chats/" + id + "/participants", new JsonObject().put("owner_id", bob.ownerId().toString()));
    String bobsSeat = participantOf(dave, id, bob);
    rpc.ok(bob, "DELETE", "/v1/chats/" + id + "/participants/" + bobsSeat);

    assertRefused(add(dave, id, carol), Status.FAILED_PRECONDITION, "DIRECT_CHAT_FIXED");
    assertThat(add(dave, id, bob).statusCode()).isEqualTo(200);
  }

  @Test
  void removingSomeoneNotInTheChatIsNotFound() {
    String id = rpc.newChat(alice, "group", bob);
    assertRefused(rpc.call(alice, "DELETE", "/v1/chats/" + id + "/participants/" + java.util.UUID.randomUUID(), null),
        Status.NOT_FOUND, "PARTICIPANT_NOT_FOUND");
  }

  @Test
  void leavingEndsAccessToAPrivateChat() {
    String id = rpc.newChat(alice, "group", bob);
    String bobsSeat = participantOf(alice, id, bob);
    rpc.ok(bob, "DELETE", "/v1/chats/" + id + "/participants/" + bobsSeat);
    assertRefused(rpc.get(bob, "/v1/chats/" + id), Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
    assertThat(rpc.ok(alice, "GET", "/v1/chats/" + id).getInteger("member_count")).isEqualTo(1);
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
