package io.talkmesh.common.request.message;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** The new text of the message of the path {@code id} (required, not empty). */
public record EditMessage(@FromPath UUID id, String text) implements Request {
  public static EditMessage from(OperationInput in) {
    return new EditMessage(in.id("id"), in.requiredString("text"));
  }
}
