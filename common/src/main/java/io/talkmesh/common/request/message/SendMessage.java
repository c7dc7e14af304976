package io.talkmesh.common.request.message;

import io.talkmesh.common.model.Message;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Ids;
import io.vertx.core.json.JsonArray;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A message to send to {@code chat_id}, optionally a reply to {@code parent_id}; its text (default "") and medias
 * (default none) are bounded by talk-manager (docs/rpc.md, "Bounds"). {@code mentions} (default none) names agents
 * of the chat by id, at most {@link #MAX_MENTIONS} (docs/read-state.md): an explicit list, never parsed from text.
 */
public record SendMessage(UUID chatId, UUID parentId, String type, String text, JsonArray medias,
                          List<UUID> mentions) implements Request {
  public static final int MAX_MENTIONS = 50;

  public SendMessage {
    mentions = mentions == null ? List.of() : List.copyOf(mentions);
  }

  public SendMessage(UUID chatId, UUID parentId, String type, String text, JsonArray medias) {
    this(chatId, parentId, type, text, medias, List.of());
  }

  public static SendMessage from(OperationInput in) {
    UUID chatId = in.bodyId("chat_id");
    UUID parentId = in.optionalBodyId("parent_id");
    String type = in.string("type", Message.TYPE_NORMAL);
    String text = in.string("text", "");
    return new SendMessage(chatId, parentId, type, text, in.array("medias"), mentions(in.array(Message.MENTIONS)));
  }

  /** The mentioned agents' ids, each once, in the order given; a malformed or excess entry is a 400. */
  static List<UUID> mentions(JsonArray array) {
    Set<UUID> ids = new LinkedHashSet<>();
    for (Object o : array) {
      if (!(o instanceof String s)) {
        throw TalkException.invalid("INVALID_MENTIONS", "mentions must be an array of agent ids");
      }
      ids.add(Ids.parse(Message.MENTIONS, s));
      if (ids.size() > MAX_MENTIONS) {
        throw TalkException.invalid("TOO_MANY_MENTIONS", "a message mentions at most %d agents", MAX_MENTIONS);
      }
    }
    return List.copyOf(ids);
  }

  /** A normal text message, a reply when {@code parentId} is not null. */
  public static SendMessage text(UUID chatId, String text, UUID parentId) {
    return new SendMessage(chatId, parentId, Message.TYPE_NORMAL, text, new JsonArray());
  }
}
