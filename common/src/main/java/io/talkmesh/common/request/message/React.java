package io.talkmesh.common.request.message;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** The actor's reaction {@code emoji} to add to the message of the path {@code id} (checked by talk-manager). */
public record React(@FromPath UUID id, String emoji) implements Request {
  public static React from(OperationInput in) {
    return new React(in.id("id"), in.string("emoji", null));
  }
}
