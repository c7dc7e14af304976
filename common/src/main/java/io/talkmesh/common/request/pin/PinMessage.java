package io.talkmesh.common.request.pin;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** Pins the message {@code message_id} in the chat of the path {@code id}. */
public record PinMessage(@FromPath("id") UUID chatId, UUID messageId) implements Request {
  public static PinMessage from(OperationInput in) {
    return new PinMessage(in.id("id"), in.bodyId("message_id"));
  }
}
