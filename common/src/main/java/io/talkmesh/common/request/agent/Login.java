package io.talkmesh.common.request.agent;

import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;

/** Credentials to check, and the client's address the gateway saw (for throttling; "" when unknown). */
public record Login(String username, String password, String address) implements Request {
  public static Login from(OperationInput in) {
    return new Login(in.requiredString("username"), in.requiredString("password"), in.string("address", ""));
  }
}
