package io.talkmesh.common.model;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A message pinned in its chat (docs/find.md): who pinned it ({@code owner_type}/{@code owner_id}), when, and the
 * message itself as every read shows it. The same JSON is the data of {@code chatmessage_pinned} and
 * {@code chatmessage_unpinned}.
 */
public record Pin(UUID chatId, UUID messageId, String ownerType, UUID ownerId, Instant tmCreate, Message message) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("chat_id", chatId.toString())
        .put("message_id", messageId.toString())
        .put("owner_type", ownerType)
        .put("owner_id", ownerId.toString())
        .put("tm_create", Timestamps.format(tmCreate))
        .put("message", message.toJson());
  }

  public static Pin fromJson(JsonObject json) {
    return new Pin(UUID.fromString(json.getString("chat_id")), UUID.fromString(json.getString("message_id")),
        json.getString("owner_type"), UUID.fromString(json.getString("owner_id")),
        Timestamps.parse(json.getString("tm_create")), Message.fromJson(json.getJsonObject("message")));
  }
}
