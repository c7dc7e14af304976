package io.talkmesh.common.request.participant;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.Map;
import java.util.UUID;

/** A participant (by its participant id) to remove from the chat of the path {@code id}. */
public record RemoveParticipant(@FromPath("id") UUID chatId, @FromPath UUID participantId) implements Request {
  public static RemoveParticipant from(OperationInput in) {
    UUID chatId = in.id("id");
    return new RemoveParticipant(chatId, in.id("participant_id"));
  }

  @Override
  public Map<String, String> pathParams() {
    return Map.of("id", chatId.toString(), "participant_id", participantId.toString());
  }
}
