package io.talkmesh.common.request.message;

import io.talkmesh.common.model.Message;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.vertx.core.json.JsonArray;

import java.util.UUID;

/**
 * A message to send to {@code chat_id}, optionally a reply to {@code parent_id}; its text (default "") and medias
 * (default none) are bounded by talk-manager (docs/rpc.md, "Bounds").
 */
public record SendMessage(UUID chatId, UUID parentId, String type, String text, JsonArray medias) implements Request {
  public static SendMessage from(OperationInput in) {
    UUID chatId = in.bodyId("chat_id");
    UUID parentId = in.optionalBodyId("parent_id");
    String type = in.string("type", Message.TYPE_NORMAL);
    String text = in.string("text", "");
    return new SendMessage(chatId, parentId, type, text, in.array("medias"));
  }

  /** A normal text message, a reply when {@code parentId} is not null. */
  public static SendMessage text(UUID chatId, String text, UUID parentId) {
    return new SendMessage(chatId, parentId, Message.TYPE_NORMAL, text, new JsonArray());
  }
}
