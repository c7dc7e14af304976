package io.talkmesh.common.request.legacy;

import io.talkmesh.common.model.Message;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.talkmesh.common.request.message.SendMessage;
import io.vertx.core.json.JsonArray;
import java.util.UUID;

/** A message sent through one of the caller's chatrooms: a Talk message in the room's chat. */
public record SendChatroommessage(UUID chatroomId, String text, JsonArray medias) implements Request {
  public static SendChatroommessage from(OperationInput in) {
    UUID room = in.bodyId("chatroom_id");
    return new SendChatroommessage(room, in.string("text", ""), in.array("medias"));
  }

  /** The same message as a Talk API request in the room's chat. */
  public SendMessage toTalk(UUID chatId) {
    return new SendMessage(chatId, null, Message.TYPE_NORMAL, text, medias);
  }
}
