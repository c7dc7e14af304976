package io.talkmesh.common.request.legacy;

import io.talkmesh.common.json.Fields;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.talkmesh.common.request.message.SendMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The older Chat API's message: as a Talk message, plus its {@code source} ({@code {"type":"agent","target"}}, null
 * when absent), which must be the caller.
 */
public record SendChatmessage(UUID chatId, Source source, String type, String text, JsonArray medias)
    implements Request {
  /** Who a message claims to come from; {@code target} null when not given. */
  public record Source(String type, String target) {
  }

  public static SendChatmessage from(OperationInput in) {
    Object value = in.body().getValue("source");
    Source source = null;
    if (value != null) {
      JsonObject s = Fields.object(value, "source");
      String target = Fields.optionalString(s, "target", null);
      source = new Source(Fields.optionalString(s, "type", Agent.OWNER_TYPE), target);
    }
    UUID chatId = in.bodyId("chat_id");
    String type = in.string("type", Message.TYPE_NORMAL);
    String text = in.string("text", "");
    return new SendChatmessage(chatId, source, type, text, in.array("medias"));
  }

  /** The same message as a Talk API request. */
  public SendMessage toTalk() {
    return new SendMessage(chatId, null, type, text, medias);
  }
}
