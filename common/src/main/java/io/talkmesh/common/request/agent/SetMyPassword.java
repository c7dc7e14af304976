package io.talkmesh.common.request.agent;

import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;

/**
 * The calling agent sets its own {@code password} (VoIPBIN's body: the new password only; the valid token is the
 * proof). Its other sessions end; the one it called with stays.
 */
public record SetMyPassword(String password) implements Request {
  public static SetMyPassword from(OperationInput in) {
    return new SetMyPassword(AgentFields.password(in));
  }
}
