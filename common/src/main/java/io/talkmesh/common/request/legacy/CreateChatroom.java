package io.talkmesh.common.request.legacy;

import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.talkmesh.common.request.chat.CreateChat;
import java.util.List;
import java.util.UUID;

/** A new chatroom of the older Chat API: a new group chat with these agents, seen through the caller's room. */
public record CreateChatroom(List<UUID> participantIds, String name, String detail) implements Request {
  public static CreateChatroom from(OperationInput in) {
    List<UUID> participants = CreateLegacyChat.participantIds(in);
    return new CreateChatroom(participants, in.string("name", ""), in.string("detail", ""));
  }

  /** The same chat as a Talk API request. */
  public CreateChat toTalk() {
    return new CreateChat(ChatType.GROUP, name, detail, participantIds);
  }
}
