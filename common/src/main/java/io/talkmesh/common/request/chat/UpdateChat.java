package io.talkmesh.common.request.chat;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** A chat's new {@code name} and/or {@code detail}; null leaves it as it is. */
public record UpdateChat(@FromPath UUID id, String name, String detail) implements Request {
  public static UpdateChat from(OperationInput in) {
    return new UpdateChat(in.id("id"), in.string("name", null), in.string("detail", null));
  }
}
