package io.talkmesh.common.request.participant;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** A participant (by its participant id) to remove from the chat of the path {@code id}. */
public record RemoveParticipant(@FromPath("id") UUID chatId, @FromPath UUID participantId) implements Request {
  public static RemoveParticipant from(OperationInput in) {
    return new RemoveParticipant(in.id("id"), in.id("participant_id"));
  }
}
