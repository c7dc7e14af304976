package io.talkmesh.common.request.chat;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;

/** A chat's new {@code name} and/or {@code detail}; null leaves it as it is. */
public record UpdateChat(@FromPath UUID id, String name, String detail) implements Request {
  public static UpdateChat from(OperationInput in) {
    UUID id = in.id("id");
    String name = in.string("name", null);
    return new UpdateChat(id, name, in.string("detail", null));
  }

  @Override
  public Map<String, String> pathParams() {
    return Map.of("id", id.toString());
  }

  @Override
  public JsonObject toBody() {
    JsonObject body = new JsonObject();
    if (name != null) {
      body.put("name", name);
    }
    if (detail != null) {
      body.put("detail", detail);
    }
    return body;
  }
}
