package io.talkmesh.common.request.agent;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;

/** A new agent of the actor's customer; {@code permission} is its role bits (an agent's when absent). */
public record CreateAgent(String username, String password, String name, String detail, long permission)
    implements Request {
  public static CreateAgent from(OperationInput in) {
    String username = in.requiredString("username");
    String password = in.requiredString("password");
    String name = in.string("name", "");
    String detail = in.string("detail", "");
    return new CreateAgent(username, password, name, detail, permission(in.body().getValue("permission")));
  }


  private static long permission(Object value) {
    if (value == null) {
      return Permission.AGENT.bit();
    }
    if (!(value instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
      throw TalkException.invalid("INVALID_FIELD", "permission must be a non-negative integer");
    }
    return n.longValue();
  }
}
