package io.talkmesh.common.request.agent;

import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;

/** The calling agent sets its own {@code status}. */
public record SetMyStatus(String status) implements Request {
  public static SetMyStatus from(OperationInput in) {
    return new SetMyStatus(AgentFields.status(in));
  }
}
