package io.talkmesh.common.request.legacy;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.talkmesh.common.request.chat.CreateChat;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The older Chat API's new chat: {@code type} {@code normal} (a Talk direct chat) or {@code group}, its owner (must
 * be the caller; null for the caller) and the agent ids of its participants.
 */
public record CreateLegacyChat(String type, UUID ownerId, List<UUID> participantIds, String name, String detail)
    implements Request {
  public static CreateLegacyChat from(OperationInput in) {
    String type = in.string("type", null);
    if (!"normal".equals(type) && !"group".equals(type)) {
      throw TalkException.invalid("INVALID_CHAT_TYPE", "type must be normal or group");
    }
    UUID owner = in.optionalBodyId("owner_id");
    String name = in.string("name", "");
    return new CreateLegacyChat(type, owner, participantIds(in), name, in.string("detail", ""));
  }

  /** The body's {@code participant_ids}: agent ids, as the older API names participants. */
  static List<UUID> participantIds(OperationInput in) {
    JsonArray ids = in.array("participant_ids");
    List<UUID> participants = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (!(ids.getValue(i) instanceof String s)) {
        throw TalkException.invalid("INVALID_FIELD", "participant_ids[%d] must be a string", i);
      }
      participants.add(Ids.parse("participant_ids[" + i + "]", s));
    }
    return List.copyOf(participants);
  }

  /** The same chat as a Talk API request. */
  public CreateChat toTalk() {
    return new CreateChat(ChatType.parse(type), name, detail, participantIds);
  }
}
