package io.talkmesh.talkmanager.legacy;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.model.Actor;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The older Chat API's one rule with no Talk counterpart, handing a chat to another owner, through talk-manager's
 * RPC routes on a real database: who may, and to whom (its {@code chat_updated} push: ChatApiIT).
 */
class LegacyRulesIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  private static JsonObject owner(Actor to) {
    return new JsonObject().put("room_owner_id", to.ownerId().toString());
  }

  private static String ownerPath(String chatId) {
    return "/v1/legacy/chats/" + chatId + "/room_owner_id";
  }

  @Test
  void onlyTheOwnerOrAManagerInTheChatMayHandItOver() {
    String chatId = rpc.newChat(rpc.alice(), "group", rpc.bob(), rpc.admin());
    assertRefused(rpc.call(rpc.bob(), "PUT", ownerPath(chatId), owner(rpc.bob())), Status.PERMISSION_DENIED, "NOT_ROOM_OWNER");

    JsonObject chat = rpc.ok(rpc.admin(), "PUT", ownerPath(chatId), owner(rpc.bob()));
    assertThat(chat.getString("room_owner_id")).isEqualTo(rpc.bob().ownerId().toString());
    assertRefused(rpc.call(rpc.alice(), "PUT", ownerPath(chatId), owner(rpc.alice())), Status.PERMISSION_DENIED, "NOT_ROOM_OWNER");
    assertThat(rpc.ok(rpc.bob(), "PUT", ownerPath(chatId), owner(rpc.alice())).getString("owner_id"))
        .isEqualTo(rpc.alice().ownerId().toString());
  }

  @Test
  void anotherCustomersAdminFindsNoChat() {
    String chatId = rpc.newChat(rpc.alice(), "group", rpc.bob());
    Actor stranger = rpc.newCustomerAdmin();
    assertRefused(rpc.call(stranger, "PUT", ownerPath(chatId), owner(stranger)), Status.NOT_FOUND, "CHAT_NOT_FOUND");
    assertRefused(rpc.call(rpc.alice(), "PUT", ownerPath(chatId), owner(stranger)), Status.NOT_FOUND, "PARTICIPANT_NOT_FOUND");
  }

  @Test
  void aDeletedChatKeepsItsOwner() {
    String chatId = rpc.newChat(rpc.alice(), "group", rpc.bob());
    rpc.ok(rpc.alice(), "DELETE", "/v1/chats/" + chatId);
    assertRefused(rpc.call(rpc.alice(), "PUT", ownerPath(chatId), owner(rpc.bob())), Status.FAILED_PRECONDITION, "CHAT_DELETED");
  }

  @Test
  void aPublicTalkChannelIsNotAChatOfTheOlderApi() {
    String chatId = rpc.newChat(rpc.alice(), "talk", rpc.bob());
    assertRefused(rpc.call(rpc.alice(), "PUT", ownerPath(chatId), owner(rpc.bob())), Status.NOT_FOUND, "CHAT_NOT_FOUND");
  }
}
