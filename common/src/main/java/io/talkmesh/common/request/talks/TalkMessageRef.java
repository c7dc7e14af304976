package io.talkmesh.common.request.talks;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** A message ({@code message_id}) of the talk of the path {@code id}. */
public record TalkMessageRef(@FromPath("id") UUID talkId, @FromPath UUID messageId) implements Request {
  public static TalkMessageRef from(OperationInput in) {
    return new TalkMessageRef(in.id("id"), in.id("message_id"));
  }
}
