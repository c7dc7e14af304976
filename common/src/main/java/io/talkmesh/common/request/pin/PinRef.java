package io.talkmesh.common.request.pin;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** The pin of the message {@code message_id} in the chat of the path {@code id}. */
public record PinRef(@FromPath("id") UUID chatId, @FromPath UUID messageId) implements Request {
  public static PinRef from(OperationInput in) {
    return new PinRef(in.id("id"), in.id("message_id"));
  }
}
