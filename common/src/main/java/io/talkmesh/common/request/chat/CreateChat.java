package io.talkmesh.common.request.chat;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A new chat and the agents to put in it besides its creator ({@code participants} on the wire:
 * {@code [{"owner_type":"agent","owner_id"}]}, at most {@link #MAX_PARTICIPANTS}).
 */
public record CreateChat(ChatType type, String name, String detail, List<UUID> participants) implements Request {
  public static final int MAX_PARTICIPANTS = 1000;

  public CreateChat {
    requireCount(participants.size());
    participants = List.copyOf(participants);
  }

  public static CreateChat from(OperationInput in) {
    ChatType type = ChatType.parse(in.string("type", null));
    String name = in.string("name", "");
    String detail = in.string("detail", "");
    JsonArray list = in.array("participants");
    requireCount(list.size());
    List<UUID> agents = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonObject p = Fields.object(list.getValue(i), "participants[" + i + "]");
      String ownerType = Fields.optionalString(p, "owner_type", Agent.OWNER_TYPE);
      if (!ownerType.equals(Agent.OWNER_TYPE)) {
        throw TalkException.invalid("INVALID_OWNER_TYPE", "participants[%d].owner_type must be 'agent'", i);
      }
      agents.add(Ids.parse("participants[" + i + "].owner_id", Fields.optionalString(p, "owner_id", null)));
    }
    return new CreateChat(type, name, detail, agents);
  }

  @Override
  public JsonObject toBody() {
    JsonArray list = new JsonArray();
    participants.forEach(id -> list.add(new JsonObject().put("owner_type", Agent.OWNER_TYPE).put("owner_id", id.toString())));
    return new JsonObject().put("type", type.wire()).put("name", name).put("detail", detail).put("participants", list);
  }

  private static void requireCount(int participants) {
    if (participants > MAX_PARTICIPANTS) {
      throw TalkException.invalid("TOO_MANY_PARTICIPANTS", "at most %d participants", MAX_PARTICIPANTS);
    }
  }
}
