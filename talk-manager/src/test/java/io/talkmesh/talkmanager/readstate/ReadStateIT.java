package io.talkmesh.talkmanager.readstate;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.model.Actor;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Read pointers, unread and mention counts, through talk-manager's RPC routes on a real database. */
class ReadStateIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  @Test
  void othersMessagesAfterThePointerAreUnreadAndOwnOnesNever() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    rpc.send(rpc.alice(), chat, "a1");
    rpc.send(rpc.alice(), chat, "a2");
    rpc.send(rpc.bob(), chat, "b1");
    assertThat(read(rpc.alice(), chat).getLong("unread_count")).isEqualTo(1);
    assertThat(read(rpc.bob(), chat).getLong("unread_count")).isEqualTo(2);
  }

  @Test
  void aChatListCarriesTheCallersCountsAndPointer() {
    Actor dave = rpc.newAgent(rpc.admin());
    String chat = rpc.newChat(rpc.alice(), "group", dave);
    String last = rpc.send(rpc.alice(), chat, "hello");
    JsonObject listed = rpc.ok(dave, "GET", "/v1/chats?page_size=100").getJsonArray("result").stream()
        .map(JsonObject.class::cast).filter(c -> chat.equals(c.getString("id"))).findFirst().orElseThrow();
    assertThat(listed.getLong("unread_count")).isEqualTo(1);
    assertThat(listed.getInteger("mention_count")).isZero();
    assertThat(listed.getString("read_message_id")).isEmpty();
    mark(dave, chat, null);
    JsonObject after = read(dave, chat);
    assertThat(after.getLong("unread_count")).isZero();
    assertThat(after.getString("read_message_id")).isEqualTo(last);
    assertThat(after.getString("tm_read")).isNotEmpty();
  }

  @Test
  void joiningStartsThePointerAtTheJoinAndSystemMessagesNeverCount() {
    String channel = rpc.newChat(rpc.alice(), "talk");
    rpc.send(rpc.alice(), channel, "before carol");
    rpc.ok(rpc.carol(), "POST", "/v1/chats/" + channel + "/join", new JsonObject());
    assertThat(read(rpc.carol(), channel).getLong("unread_count")).as("everything before the join is read").isZero();
    rpc.send(rpc.alice(), channel, "after carol");
    assertThat(read(rpc.carol(), channel).getLong("unread_count")).isEqualTo(1);
    assertThat(read(rpc.alice(), channel).getLong("unread_count")).as("carol's join message is a system message")
        .isZero();
  }

  @Test
  void leavingDropsThePointerAndComingBackStartsAnew() {
    Actor dave = rpc.newAgent(rpc.admin());
    String chat = rpc.newChat(rpc.alice(), "group", dave);
    rpc.send(rpc.alice(), chat, "one");
    String participant = participantId(chat, dave);
    rpc.ok(dave, "DELETE", "/v1/chats/" + chat + "/participants/" + participant, null);
    rpc.send(rpc.alice(), chat, "while dave was away");
    rpc.ok(rpc.alice(), "POST", "/v1/chats/" + chat + "/participants", new JsonObject()
        .put("owner_type", "agent").put("owner_id", dave.ownerId().toString()));
    JsonObject back = read(dave, chat);
    assertThat(back.getLong("unread_count")).isZero();
    assertThat(back.getString("read_message_id")).isEmpty();
  }

  @Test
  void aNonParticipantReaderOfAPublicChannelHasNoReadStateAndCannotMark() {
    String channel = rpc.newChat(rpc.alice(), "talk");
    rpc.send(rpc.alice(), channel, "public");
    Actor reader = rpc.newAgent(rpc.admin());
    assertThat(read(reader, channel).containsKey("unread_count")).isFalse();
    assertRefused(rpc.call(reader, "POST", "/v1/chats/" + channel + "/read", new JsonObject()), Status.PERMISSION_DENIED,
        "NOT_PARTICIPANT");
  }

  @Test
  void thePointerNeverMovesBackwards() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String first = rpc.send(rpc.alice(), chat, "1");
    String second = rpc.send(rpc.alice(), chat, "2");
    rpc.send(rpc.alice(), chat, "3");
    JsonObject atSecond = mark(rpc.bob(), chat, second);
    assertThat(atSecond.getLong("unread_count")).isEqualTo(1);
    JsonObject late = mark(rpc.bob(), chat, first);
    assertThat(late.getString("read_message_id")).as("an older mark is a no-op").isEqualTo(second);
    assertThat(late.getLong("unread_count")).isEqualTo(1);
    assertThat(late.getString("tm_read")).isEqualTo(atSecond.getString("tm_read"));
  }

  @Test
  void onlyAMoveEmitsAndItGoesToTheAgentsOwnStream() throws Exception {
    Actor dave = rpc.newAgent(rpc.admin());
    String chat = rpc.newChat(rpc.alice(), "group", dave);
    String m = rpc.send(rpc.alice(), chat, "x");
    mark(dave, chat, m);
    mark(dave, chat, m);
    mark(dave, chat, null);
    List<Row> own = rpc.rows("SELECT type, seq, data FROM talk_events WHERE chat_id = $1 ORDER BY seq", dave.ownerId());
    assertThat(own).extracting(r -> r.getString("type")).containsExactly("chat_read");
    assertThat(own.get(0).getJsonObject("data").getString("read_message_id")).isEqualTo(m);
    assertThat(rpc.rows("SELECT type FROM talk_events WHERE chat_id = $1 AND type LIKE '%read'", UUID.fromString(chat)))
        .as("a group chat's stream carries no receipts").isEmpty();
  }

  @Test
  void aDirectChatsOtherParticipantGetsTheReceiptWithoutCounts() throws Exception {
    Actor dave = rpc.newAgent(rpc.admin());
    Actor erin = rpc.newAgent(rpc.admin());
    String chat = rpc.newChat(dave, "direct", erin);
    String m = rpc.send(dave, chat, "hi");
    mark(erin, chat, null);
    List<Row> receipts = rpc.rows("SELECT data FROM talk_events WHERE chat_id = $1 AND type = 'chatparticipant_read'",
        UUID.fromString(chat));
    assertThat(receipts).hasSize(1);
    JsonObject receipt = receipts.get(0).getJsonObject("data");
    assertThat(receipt.getString("owner_id")).isEqualTo(erin.ownerId().toString());
    assertThat(receipt.getString("read_message_id")).isEqualTo(m);
    assertThat(receipt.containsKey("unread_count")).isFalse();
  }

  @Test
  void aMessageOfAnotherChatOrCustomerIsNotAPointer() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String other = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String elsewhere = rpc.send(rpc.alice(), other, "elsewhere");
    assertRefused(rpc.call(rpc.bob(), "POST", "/v1/chats/" + chat + "/read", new JsonObject().put("message_id", elsewhere)),
        Status.NOT_FOUND, "MESSAGE_NOT_FOUND");
    Actor stranger = rpc.newCustomerAdmin();
    assertRefused(rpc.call(stranger, "POST", "/v1/chats/" + chat + "/read", new JsonObject()), Status.NOT_FOUND,
        "CHAT_NOT_FOUND");
  }

  @Test
  void deletingAnUnreadMessageUncountsItForThoseBehindOnly() {
    Actor dave = rpc.newAgent(rpc.admin());
    Actor erin = rpc.newAgent(rpc.admin());
    String chat = rpc.newChat(rpc.alice(), "group", dave, erin);
    String m1 = rpc.send(rpc.alice(), chat, "1");
    String m2 = rpc.send(rpc.alice(), chat, "2");
    mark(erin, chat, m2);
    rpc.ok(rpc.alice(), "DELETE", "/v1/messages/" + m1, null);
    assertThat(read(dave, chat).getLong("unread_count")).isEqualTo(1);
    assertThat(read(erin, chat).getLong("unread_count")).isZero();
    rpc.ok(rpc.alice(), "DELETE", "/v1/messages/" + m2, null);
    assertThat(read(dave, chat).getLong("unread_count")).isZero();
    assertThat(read(rpc.alice(), chat).getLong("unread_count")).as("the author's own never counted").isZero();
  }

  @Test
  void mentionsKeepParticipantsOnlyAndCountUntilRead() {
    Actor dave = rpc.newAgent(rpc.admin());
    Actor outsider = rpc.newAgent(rpc.admin());
    Actor stranger = rpc.newCustomerAdmin();
    String chat = rpc.newChat(rpc.alice(), "group", dave, rpc.bob());
    JsonObject sent = rpc.ok(rpc.alice(), "POST", "/v1/messages", new JsonObject().put("chat_id", chat).put("text", "@dave")
        .put("mentions", new JsonArray().add(dave.ownerId().toString()).add(outsider.ownerId().toString())
            .add(stranger.ownerId().toString()).add(rpc.alice().ownerId().toString())));
    assertThat(sent.getJsonArray("mentions")).containsExactly(dave.ownerId().toString());
    assertThat(read(dave, chat).getInteger("mention_count")).isEqualTo(1);
    assertThat(read(rpc.bob(), chat).getInteger("mention_count")).isZero();
    mark(dave, chat, null);
    assertThat(read(dave, chat).getInteger("mention_count")).isZero();
    String second = rpc.ok(rpc.bob(), "POST", "/v1/messages", new JsonObject().put("chat_id", chat).put("text", "again")
        .put("mentions", new JsonArray().add(dave.ownerId().toString()))).getString("id");
    assertThat(read(dave, chat).getInteger("mention_count")).isEqualTo(1);
    rpc.ok(rpc.bob(), "DELETE", "/v1/messages/" + second, null);
    assertThat(read(dave, chat).getInteger("mention_count")).as("a deleted mention counts no more").isZero();
  }

  @Test
  void malformedOrExcessMentionsAreRefused() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/messages", new JsonObject().put("chat_id", chat).put("text", "x")
        .put("mentions", new JsonArray().add(5))), Status.INVALID_ARGUMENT, "INVALID_MENTIONS");
    JsonArray many = new JsonArray();
    for (int i = 0; i < 51; i++) {
      many.add(UUID.randomUUID().toString());
    }
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/messages", new JsonObject().put("chat_id", chat).put("text", "x")
        .put("mentions", many)), Status.INVALID_ARGUMENT, "TOO_MANY_MENTIONS");
  }

  private static JsonObject read(Actor actor, String chat) {
    return rpc.ok(actor, "GET", "/v1/chats/" + chat);
  }

  private static JsonObject mark(Actor actor, String chat, String messageId) {
    JsonObject body = new JsonObject();
    if (messageId != null) {
      body.put("message_id", messageId);
    }
    return rpc.ok(actor, "POST", "/v1/chats/" + chat + "/read", body);
  }

  private static String participantId(String chat, Actor agent) {
    return rpc.rows("SELECT id FROM talk_participants WHERE chat_id = $1 AND owner_id = $2", UUID.fromString(chat),
        agent.ownerId()).get(0).getUUID("id").toString();
  }

}
