package io.talkmesh.common.request.agent;

import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;

/** The calling agent changes its own {@code name}, {@code detail}, {@code ring_method}; an absent field is kept. */
public record UpdateMe(String name, String detail, String ringMethod) implements Request {
  public static UpdateMe from(OperationInput in) {
    return new UpdateMe(in.string("name", null), in.string("detail", null), AgentFields.ringMethod(in));
  }
}
