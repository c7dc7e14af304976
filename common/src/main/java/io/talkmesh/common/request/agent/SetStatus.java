package io.talkmesh.common.request.agent;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** An admin sets an agent's {@code status} (VoIPBIN's AgentManagerAgentStatus values). */
public record SetStatus(@FromPath UUID id, String status) implements Request {
  public static SetStatus from(OperationInput in) {
    return new SetStatus(in.id("id"), AgentFields.status(in));
  }
}
