package io.talkmesh.common.request.legacy;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.talkmesh.common.request.participant.AddParticipant;
import java.util.UUID;

/** An agent ({@code participant_id}, an agent id in the older API) to add to the chat of the path {@code id}. */
public record AddChatParticipant(@FromPath("id") UUID chatId, UUID participantId) implements Request {
  public static AddChatParticipant from(OperationInput in) {
    return new AddChatParticipant(in.id("id"), in.bodyId("participant_id"));
  }

  /** The same addition as a Talk API request. */
  public AddParticipant toTalk() {
    return AddParticipant.agent(chatId, participantId);
  }
}
