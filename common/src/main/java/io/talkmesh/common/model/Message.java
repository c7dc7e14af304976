package io.talkmesh.common.model;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message of a chat, possibly a reply ({@code parent_id}). {@code medias} and {@code reactions} are JSON arrays
 * validated where they enter talk-manager. {@code mentions} are the agents it mentions (participants of the chat
 * when it was sent, docs/read-state.md).
 */
public record Message(UUID id, UUID customerId, String ownerType, UUID ownerId, UUID chatId, UUID parentId,
                      String type, String text, JsonArray medias, JsonArray reactions,
                      Instant tmCreate, Instant tmUpdate, Instant tmDelete, List<UUID> mentions) {
  public static final String TYPE_NORMAL = "normal";
  public static final String TYPE_SYSTEM = "system";
  public static final String MENTIONS = "mentions";

  public Message {
    mentions = mentions == null ? List.of() : List.copyOf(mentions);
  }

  public Message(UUID id, UUID customerId, String ownerType, UUID ownerId, UUID chatId, UUID parentId,
                 String type, String text, JsonArray medias, JsonArray reactions,
                 Instant tmCreate, Instant tmUpdate, Instant tmDelete) {
    this(id, customerId, ownerType, ownerId, chatId, parentId, type, text, medias, reactions, tmCreate, tmUpdate,
        tmDelete, List.of());
  }

  public Message withMentions(List<UUID> mentions) {
    return new Message(id, customerId, ownerType, ownerId, chatId, parentId, type, text, medias, reactions, tmCreate,
        tmUpdate, tmDelete, mentions);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id.toString())
        .put("customer_id", customerId.toString())
        .put("owner_type", ownerType)
        .put("owner_id", ownerId.toString())
        .put("chat_id", chatId.toString());
    if (parentId != null) {
      json.put("parent_id", parentId.toString());
    }
    return json
        .put("type", type)
        .put("text", text)
        .put("medias", medias.copy())
        .put("metadata", new JsonObject().put("reactions", reactions.copy()))
        .put(MENTIONS, new JsonArray(new java.util.ArrayList<Object>(mentions.stream().map(UUID::toString).toList())))
        .put("tm_create", Timestamps.format(tmCreate))
        .put("tm_update", Timestamps.format(tmUpdate))
        .put("tm_delete", Timestamps.format(tmDelete));
  }

  public static Message fromJson(JsonObject json) {
    String parent = json.getString("parent_id");
    JsonObject metadata = json.getJsonObject("metadata", new JsonObject());
    return new Message(UUID.fromString(json.getString("id")), UUID.fromString(json.getString("customer_id")),
        json.getString("owner_type"), UUID.fromString(json.getString("owner_id")),
        UUID.fromString(json.getString("chat_id")), parent == null || parent.isEmpty() ? null : UUID.fromString(parent),
        json.getString("type"), json.getString("text", ""), json.getJsonArray("medias", new JsonArray()),
        metadata.getJsonArray("reactions", new JsonArray()), Timestamps.parse(json.getString("tm_create")),
        Timestamps.parse(json.getString("tm_update")), Timestamps.parse(json.getString("tm_delete")),
        json.getJsonArray(MENTIONS, new JsonArray()).stream().map(o -> UUID.fromString((String) o)).toList());
  }
}
