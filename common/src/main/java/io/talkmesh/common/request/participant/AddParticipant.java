package io.talkmesh.common.request.participant;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** An agent to add to the chat of the path {@code id}; {@code owner_type} is {@code agent}, the only kind. */
public record AddParticipant(@FromPath("id") UUID chatId, String ownerType, UUID ownerId) implements Request {
  public static AddParticipant from(OperationInput in) {
    UUID chatId = in.id("id");
    String ownerType = in.string("owner_type", Agent.OWNER_TYPE);
    if (!ownerType.equals(Agent.OWNER_TYPE)) {
      throw TalkException.invalid("INVALID_OWNER_TYPE", "owner_type must be 'agent'");
    }
    return new AddParticipant(chatId, ownerType, in.bodyId("owner_id"));
  }

  public static AddParticipant agent(UUID chatId, UUID agentId) {
    return new AddParticipant(chatId, Agent.OWNER_TYPE, agentId);
  }
}
