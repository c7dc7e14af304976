package io.talkmesh.common.request.talks;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.talkmesh.common.request.chat.CreateChat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A new talk (seed 003): {@code name}, the agents besides the caller ({@code participant_ids}, agent ids; the caller
 * may list itself), optional {@code detail} and {@code type}: {@code group} (the default) or {@code normal} (1:1,
 * exactly one other agent; a pair's live 1:1 talk is answered again rather than doubled).
 */
public record CreateTalk(ChatType type, String name, String detail, List<UUID> participantIds) implements Request {
  public CreateTalk {
    if (participantIds.size() > CreateChat.MAX_PARTICIPANTS) {
      throw TalkException.invalid("TOO_MANY_PARTICIPANTS", "at most %d participants", CreateChat.MAX_PARTICIPANTS);
    }
    participantIds = List.copyOf(participantIds);
  }

  public static CreateTalk from(OperationInput in) {
    String type = in.string("type", "group");
    if (!type.equals("group") && !type.equals("normal") && !type.equals("direct")) {
      throw TalkException.invalid("INVALID_TALK_TYPE", "type must be 'group' or 'normal', got '%s'", type);
    }
    JsonArray list = in.array("participant_ids");
    if (list.size() > CreateChat.MAX_PARTICIPANTS) {
      throw TalkException.invalid("TOO_MANY_PARTICIPANTS", "at most %d participants", CreateChat.MAX_PARTICIPANTS);
    }
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String field = "participant_ids[" + i + "]";
      if (!(list.getValue(i) instanceof String id)) {
        throw TalkException.invalid("INVALID_FIELD", "%s must be an agent id string", field);
      }
      ids.add(Ids.parse(field, id));
    }
    return new CreateTalk(ChatType.parse(type), in.string("name", ""), in.string("detail", ""), ids);
  }

  @Override
  public JsonObject toBody() {
    JsonArray ids = new JsonArray();
    participantIds.forEach(id -> ids.add(id.toString()));
    return new JsonObject().put("type", type == ChatType.DIRECT ? "normal" : type.wire()).put("name", name)
        .put("detail", detail).put("participant_ids", ids);
  }

  /** The same creation as a Talk API request. */
  public CreateChat toChat() {
    return new CreateChat(type, name, detail, participantIds);
  }
}
