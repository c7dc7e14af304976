package io.talkmesh.common.model;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** An agent of a customer: who logs in and talks. Never carries the password or its hash. */
public record Agent(UUID id, UUID customerId, String username, String name, String detail, long permission,
                    Instant tmCreate, Instant tmUpdate, Instant tmDelete) {
  /** Owner type of agents in participants, messages and reactions. */
  public static final String OWNER_TYPE = "agent";

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("customer_id", customerId.toString())
        .put("username", username)
        .put("name", name)
        .put("detail", detail)
        .put("permission", permission)
        .put("tm_create", Timestamps.format(tmCreate))
        .put("tm_update", Timestamps.format(tmUpdate))
        .put("tm_delete", Timestamps.format(tmDelete));
  }

  public static Agent fromJson(JsonObject json) {
    return new Agent(UUID.fromString(json.getString("id")), UUID.fromString(json.getString("customer_id")),
        json.getString("username"), json.getString("name", ""), json.getString("detail", ""),
        json.getLong("permission", 0L), Timestamps.parse(json.getString("tm_create")),
        Timestamps.parse(json.getString("tm_update")), Timestamps.parse(json.getString("tm_delete")));
  }

  public boolean isAdmin() {
    return Permission.ADMIN.grantedTo(permission);
  }
}
