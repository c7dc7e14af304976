package io.talkmesh.common.request.message;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;

/** The new text of the message of the path {@code id} (required, not empty). */
public record EditMessage(@FromPath UUID id, String text) implements Request {
  public static EditMessage from(OperationInput in) {
    UUID id = in.id("id");
    return new EditMessage(id, in.requiredString("text"));
  }

  @Override
  public Map<String, String> pathParams() {
    return Map.of("id", id.toString());
  }

  @Override
  public JsonObject toBody() {
    return new JsonObject().put("text", text);
  }
}
