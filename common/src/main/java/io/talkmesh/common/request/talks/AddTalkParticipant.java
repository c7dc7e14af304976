package io.talkmesh.common.request.talks;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.talkmesh.common.request.participant.AddParticipant;
import java.util.UUID;

/** The agent ({@code agent_id}) to add to the talk of the path {@code id}. */
public record AddTalkParticipant(@FromPath("id") UUID talkId, UUID agentId) implements Request {
  public static AddTalkParticipant from(OperationInput in) {
    return new AddTalkParticipant(in.id("id"), in.bodyId("agent_id"));
  }

  /** The same addition as a Talk API request. */
  public AddParticipant toTalk() {
    return AddParticipant.agent(talkId, agentId);
  }
}
