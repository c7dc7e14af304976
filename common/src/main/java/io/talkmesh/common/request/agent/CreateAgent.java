package io.talkmesh.common.request.agent;

import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;

/**
 * A new agent of the actor's customer; {@code permission} is its role (an agent's when absent; one of a customer's
 * roles, see {@link Permission#CUSTOMER_GRANTABLE}), {@code ring_method} ringall when absent.
 */
public record CreateAgent(String username, String password, String name, String detail, long permission,
                          String ringMethod) implements Request {
  public CreateAgent(String username, String password, String name, String detail, long permission) {
    this(username, password, name, detail, permission, Agent.DEFAULT_RING_METHOD);
  }

  public static CreateAgent from(OperationInput in) {
    String username = in.requiredString("username");
    String password = in.requiredString("password");
    String name = in.string("name", "");
    String detail = in.string("detail", "");
    Object permission = in.body().getValue("permission");
    String ringMethod = AgentFields.ringMethod(in);
    return new CreateAgent(username, password, name, detail,
        permission == null ? Permission.AGENT.bit() : AgentFields.permission(permission),
        ringMethod == null ? Agent.DEFAULT_RING_METHOD : ringMethod);
  }
}
