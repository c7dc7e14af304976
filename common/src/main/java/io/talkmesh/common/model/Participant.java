package io.talkmesh.common.model;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** One member of a chat; removing it deletes the row, re-adding creates a new id and {@code tm_joined}. */
public record Participant(UUID id, UUID customerId, String ownerType, UUID ownerId, UUID chatId, Instant tmJoined) {

  /** Whether the member is an agent (not another kind of owner). */
  public boolean isAgent() {
    return Agent.OWNER_TYPE.equals(ownerType);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("customer_id", customerId.toString())
        .put("owner_type", ownerType)
        .put("owner_id", ownerId.toString())
        .put("chat_id", chatId.toString())
        .put("tm_joined", Timestamps.format(tmJoined));
  }

  public static Participant fromJson(JsonObject json) {
    return new Participant(UUID.fromString(json.getString("id")), UUID.fromString(json.getString("customer_id")),
        json.getString("owner_type"), UUID.fromString(json.getString("owner_id")),
        UUID.fromString(json.getString("chat_id")), Timestamps.parse(json.getString("tm_joined")));
  }
}
