package io.talkmesh.common.request.talks;

import io.talkmesh.common.model.Message;
import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.talkmesh.common.request.message.SendMessage;
import io.vertx.core.json.JsonArray;
import java.util.UUID;

/**
 * A message to the talk of the path {@code id}: {@code text}, optional {@code parent_id} ("" = none) and
 * {@code medias} (seed 003's {@code {"type","url","name"}} objects are kept as sent, within the Talk bounds).
 */
public record SendTalkMessage(@FromPath("id") UUID talkId, UUID parentId, String type, String text, JsonArray medias)
    implements Request {
  public static SendTalkMessage from(OperationInput in) {
    return new SendTalkMessage(in.id("id"), in.optionalBodyId("parent_id"), in.string("type", Message.TYPE_NORMAL),
        in.string("text", ""), in.array("medias"));
  }

  /** The same message as a Talk API request. */
  public SendMessage toTalk() {
    return new SendMessage(talkId, parentId, type, text, medias);
  }
}
