package io.talkmesh.common.model;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * An agent's presence as it changed: the data of {@code agent_presence_updated} events and one entry of a
 * {@code presence} push frame. {@code presence} is {@link Agent#OFFLINE} while the agent has no live session, its
 * {@code status} otherwise; {@code tm_presence} orders an agent's changes (a client keeps the newest).
 */
public record Presence(UUID agentId, UUID customerId, String presence, String status, Instant tmPresence) {
  public JsonObject toJson() {
    return new JsonObject().put("agent_id", agentId.toString()).put("customer_id", customerId.toString())
        .put("presence", presence).put("status", status).put("tm_presence", Timestamps.format(tmPresence));
  }

  /** The entry of a push frame: what a subscriber needs (the customer is its own). */
  public JsonObject toEntry() {
    return new JsonObject().put("agent_id", agentId.toString()).put("presence", presence).put("status", status)
        .put("tm_presence", Timestamps.format(tmPresence));
  }

  public static Presence fromJson(JsonObject json) {
    return new Presence(UUID.fromString(json.getString("agent_id")), UUID.fromString(json.getString("customer_id")),
        json.getString("presence"), json.getString("status"), Timestamps.parse(json.getString("tm_presence")));
  }
}
