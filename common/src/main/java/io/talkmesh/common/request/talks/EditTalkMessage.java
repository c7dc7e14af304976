package io.talkmesh.common.request.talks;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.talkmesh.common.request.message.EditMessage;
import java.util.UUID;

/** The new {@code text} of a message ({@code message_id}) of the talk of the path {@code id}. */
public record EditTalkMessage(@FromPath("id") UUID talkId, @FromPath UUID messageId, String text) implements Request {
  public static EditTalkMessage from(OperationInput in) {
    return new EditTalkMessage(in.id("id"), in.id("message_id"), in.requiredString("text"));
  }

  /** The same edit as a Talk API request. */
  public EditMessage toTalk() {
    return new EditMessage(messageId, text);
  }
}
