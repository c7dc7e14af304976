package io.talkmesh.common.request.message;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;

/** The actor's reaction {@code emoji} to add to the message of the path {@code id} (checked by talk-manager). */
public record React(@FromPath UUID id, String emoji) implements Request {
  public static React from(OperationInput in) {
    UUID id = in.id("id");
    return new React(id, in.string("emoji", null));
  }

  @Override
  public Map<String, String> pathParams() {
    return Map.of("id", id.toString());
  }

  @Override
  public JsonObject toBody() {
    return new JsonObject().put("emoji", emoji);
  }
}
