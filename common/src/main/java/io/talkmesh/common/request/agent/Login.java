package io.talkmesh.common.request.agent;

import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.vertx.core.json.JsonObject;

/** Credentials to check, and the client's address the gateway saw (for throttling; "" when unknown). */
public record Login(String username, String password, String address) implements Request {
  public static Login from(OperationInput in) {
    String username = in.requiredString("username");
    String password = in.requiredString("password");
    return new Login(username, password, in.string("address", ""));
  }

  @Override
  public JsonObject toBody() {
    return new JsonObject().put("username", username).put("password", password).put("address", address);
  }
}
