package io.talkmesh.common.request.agent;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** An admin changes an agent's {@code name}, {@code detail}, {@code ring_method}; an absent field (null) is kept. */
public record UpdateAgent(@FromPath UUID id, String name, String detail, String ringMethod) implements Request {
  public static UpdateAgent from(OperationInput in) {
    return new UpdateAgent(in.id("id"), in.string("name", null), in.string("detail", null), AgentFields.ringMethod(in));
  }
}
