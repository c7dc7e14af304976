package io.talkmesh.common.model;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** A conversation: {@code direct} (1:1), {@code group} (private) or {@code talk} (public channel of the customer). */
public record Chat(UUID id, UUID customerId, ChatType type, String name, String detail, int memberCount,
                   Instant tmCreate, Instant tmUpdate, Instant tmDelete) {

  public boolean deleted() {
    return tmDelete != null;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("customer_id", customerId.toString())
        .put("type", type.wire())
        .put("name", name)
        .put("detail", detail)
        .put("member_count", memberCount)
        .put("tm_create", Timestamps.format(tmCreate))
        .put("tm_update", Timestamps.format(tmUpdate))
        .put("tm_delete", Timestamps.format(tmDelete));
  }

  public static Chat fromJson(JsonObject json) {
    return new Chat(UUID.fromString(json.getString("id")), UUID.fromString(json.getString("customer_id")),
        ChatType.parse(json.getString("type")), json.getString("name", ""), json.getString("detail", ""),
        json.getInteger("member_count", 0), Timestamps.parse(json.getString("tm_create")),
        Timestamps.parse(json.getString("tm_update")), Timestamps.parse(json.getString("tm_delete")));
  }
}
