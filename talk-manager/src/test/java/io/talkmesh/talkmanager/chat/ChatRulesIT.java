package io.talkmesh.talkmanager.chat;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static io.talkmesh.talkmanager.TalkRpc.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.model.Actor;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may create, read, change and delete a chat, through talk-manager's RPC routes on a real database. */
class ChatRulesIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  @ParameterizedTest(name = "type ''{0}'' is refused")
  @ValueSource(strings = {"", "channel", "DIRECT", "Group"})
  void unknownChatTypeIsRefused(String type) {
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/chats", new JsonObject().put("type", type)), Status.INVALID_ARGUMENT,
        "INVALID_CHAT_TYPE");
  }

  @Test
  void normalIsTheOlderNameOfDirect() {
    String id = rpc.newChat(rpc.alice(), "normal", rpc.bob());
    assertThat(rpc.ok(rpc.alice(), "GET", "/v1/chats/" + id).getString("type")).isEqualTo("direct");
  }

  @Test
  void directChatWithTwoOtherAgentsIsRefused() {
    JsonArray two = new JsonArray().add(new JsonObject().put("owner_id", rpc.bob().ownerId().toString()))
        .add(new JsonObject().put("owner_id", rpc.carol().ownerId().toString()));
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/chats", new JsonObject().put("type", "direct").put("participants", two)),
        Status.INVALID_ARGUMENT, "DIRECT_CHAT_PARTICIPANTS");
  }

  @Test
  void secondDirectChatOfTheSamePairIsTheFirstOne() {
    Actor dave = rpc.newAgent(rpc.admin());
    Actor erin = rpc.newAgent(rpc.admin());
    String first = rpc.newChat(dave, "direct", erin);
    assertThat(rpc.newChat(erin, "direct", dave)).isEqualTo(first);
  }

  @Test
  void creatorAndListedAgentsAreTheMembers() {
    String id = rpc.newChat(rpc.alice(), "group", rpc.bob(), rpc.carol());
    assertThat(rpc.ok(rpc.alice(), "GET", "/v1/chats/" + id).getInteger("member_count")).isEqualTo(3);
  }

  @Test
  void chatWithAnAgentOfAnotherCustomerIsRefused() {
    Actor stranger = rpc.newCustomerAdmin();
    JsonArray others = new JsonArray().add(new JsonObject().put("owner_id", stranger.ownerId().toString()));
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/chats", new JsonObject().put("type", "group").put("participants", others)),
        Status.NOT_FOUND, "AGENT_NOT_FOUND");
  }

  @ParameterizedTest(name = "a non-participant reading a {0} chat gets {1}")
  @CsvSource({"direct, 403", "group, 403", "talk, 200"})
  void onlyPublicChatsAreReadableByNonParticipants(String type, int status) {
    String id = rpc.newChat(rpc.alice(), type, rpc.bob());
    assertThat(rpc.get(rpc.carol(), "/v1/chats/" + id).statusCode()).isEqualTo(status);
    assertThat(rpc.get(rpc.carol(), "/v1/chats/" + id + "/participants").statusCode()).isEqualTo(status);
  }

  @ParameterizedTest(name = "another customer's {0} chat does not exist for its agents")
  @ValueSource(strings = {"group", "talk"})
  void anotherCustomersChatIsNotFound(String type) {
    String id = rpc.newChat(rpc.alice(), type, rpc.bob());
    Actor stranger = rpc.newCustomerAdmin();
    assertRefused(rpc.get(stranger, "/v1/chats/" + id), Status.NOT_FOUND, "CHAT_NOT_FOUND");
    assertRefused(rpc.call(stranger, "DELETE", "/v1/chats/" + id, null), Status.NOT_FOUND, "CHAT_NOT_FOUND");
  }

  @Test
  void updateWithoutNameOrDetailIsRefused() {
    String id = rpc.newChat(rpc.alice(), "group", rpc.bob());
    assertRefused(rpc.call(rpc.alice(), "PUT", "/v1/chats/" + id, new JsonObject()), Status.INVALID_ARGUMENT,
        "NOTHING_TO_UPDATE");
  }

  @Test
  void onlyParticipantsMayRenameAChat() {
    String id = rpc.newChat(rpc.alice(), "talk", rpc.bob());
    assertRefused(rpc.call(rpc.carol(), "PUT", "/v1/chats/" + id, new JsonObject().put("name", "mine now")),
        Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
    assertThat(rpc.ok(rpc.bob(), "PUT", "/v1/chats/" + id, new JsonObject().put("name", "renamed")).getString("name"))
        .isEqualTo("renamed");
  }

  @Test
  void deletedChatStaysReadableAndRefusesWrites() {
    String id = rpc.newChat(rpc.alice(), "group", rpc.bob());
    assertThat(rpc.ok(rpc.bob(), "DELETE", "/v1/chats/" + id).getString("tm_delete")).isNotEmpty();

    assertThat(rpc.ok(rpc.alice(), "GET", "/v1/chats/" + id).getString("tm_delete")).isNotEmpty();
    assertRefused(rpc.call(rpc.alice(), "PUT", "/v1/chats/" + id, new JsonObject().put("name", "again")),
        Status.FAILED_PRECONDITION, "CHAT_DELETED");
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/messages", new JsonObject().put("chat_id", id).put("text", "hello?")),
        Status.FAILED_PRECONDITION, "CHAT_DELETED");
    assertThat(ids(rpc.ok(rpc.alice(), "GET", "/v1/chats?page_size=100"))).doesNotContain(id);
  }

  @Test
  void channelsAreThePublicChatsOfTheCustomerOnly() {
    String channel = rpc.newChat(rpc.alice(), "talk");
    String group = rpc.newChat(rpc.alice(), "group", rpc.bob());
    Actor stranger = rpc.newCustomerAdmin();
    String foreign = rpc.newChat(stranger, "talk");

    List<String> seen = ids(rpc.ok(rpc.carol(), "GET", "/v1/channels?page_size=100"));
    assertThat(seen).contains(channel).doesNotContain(group, foreign);
  }

  @Test
  void myChatsArePagedNewestFirstWithoutOverlap() {
    Actor frank = rpc.newAgent(rpc.admin());
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(0, rpc.newChat(frank, "group"));
    }
    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      JsonObject page = rpc.ok(frank, "GET", "/v1/chats?page_size=2" + (token.isEmpty() ? "" : "&page_token=" + token));
      assertThat(page.getJsonArray("result").size()).isLessThanOrEqualTo(2);
      seen.addAll(ids(page));
      token = page.getString("next_page_token");
      pages++;
    } while (!token.isEmpty() && pages < 10);
    assertThat(seen).containsExactlyElementsOf(created);
    assertThat(pages).as("2 + 2 + 1 chats, then the empty page after the last").isEqualTo(4);
  }
}
