package io.talkmesh.common.model;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A conversation: {@code direct} (1:1), {@code group} (private) or {@code talk} (public channel of the customer).
 * {@code read} is the reader's own read state, set on chat reads and lists for a participant (never in events:
 * every reader has its own).
 */
public record Chat(UUID id, UUID customerId, ChatType type, String name, String detail, int memberCount,
                   Instant tmCreate, Instant tmUpdate, Instant tmDelete, ReadState read) {

  public Chat(UUID id, UUID customerId, ChatType type, String name, String detail, int memberCount,
              Instant tmCreate, Instant tmUpdate, Instant tmDelete) {
    this(id, customerId, type, name, detail, memberCount, tmCreate, tmUpdate, tmDelete, null);
  }

  /** The chat as this reader sees it. */
  public Chat withRead(ReadState read) {
    return new Chat(id, customerId, type, name, detail, memberCount, tmCreate, tmUpdate, tmDelete, read);
  }

  public boolean deleted() {
    return tmDelete != null;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id.toString())
        .put("customer_id", customerId.toString())
        .put("type", type.wire())
        .put("name", name)
        .put("detail", detail)
        .put("member_count", memberCount)
        .put("tm_create", Timestamps.format(tmCreate))
        .put("tm_update", Timestamps.format(tmUpdate))
        .put("tm_delete", Timestamps.format(tmDelete));
    return read == null ? json : read.putInto(json);
  }

  public static Chat fromJson(JsonObject json) {
    UUID id = UUID.fromString(json.getString("id"));
    return new Chat(id, UUID.fromString(json.getString("customer_id")),
        ChatType.parse(json.getString("type")), json.getString("name", ""), json.getString("detail", ""),
        json.getInteger("member_count", 0), Timestamps.parse(json.getString("tm_create")),
        Timestamps.parse(json.getString("tm_update")), Timestamps.parse(json.getString("tm_delete")),
        ReadState.ofChat(json, id));
  }
}
