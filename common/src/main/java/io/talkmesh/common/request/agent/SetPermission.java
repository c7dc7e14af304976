package io.talkmesh.common.request.agent;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** An admin sets an agent's {@code permission}: one of a customer's roles (0, 16, 32, 64, 240). */
public record SetPermission(@FromPath UUID id, long permission) implements Request {
  public static SetPermission from(OperationInput in) {
    Object value = in.body().getValue("permission");
    if (value == null) {
      throw io.talkmesh.common.error.TalkException.invalid("MISSING_FIELD", "permission is required");
    }
    return new SetPermission(in.id("id"), AgentFields.permission(value));
  }
}
