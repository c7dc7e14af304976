package io.talkmesh.common.request.agent;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** An admin sets an agent's {@code password} (every session of that agent ends). */
public record SetPassword(@FromPath UUID id, String password) implements Request {
  public static SetPassword from(OperationInput in) {
    return new SetPassword(in.id("id"), AgentFields.password(in));
  }
}
