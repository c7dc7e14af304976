package io.talkmesh.common.request.chat;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/**
 * The caller read chat {@code id} up to {@code message_id} (a message of that chat), or, without it, up to its
 * newest message: the read pointer moves forward only (docs/read-state.md).
 */
public record MarkRead(@FromPath UUID id, UUID messageId) implements Request {
  public static MarkRead from(OperationInput in) {
    return new MarkRead(in.id("id"), in.optionalBodyId("message_id"));
  }
}
