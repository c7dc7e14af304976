package io.talkmesh.common.model;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Who acts in an RPC request: the authenticated agent, as the gateway vouches for it. talk-manager enforces every
 * domain and permission rule against this identity. {@code sessionId} is the {@code jti} of the token the request
 * came with (null when unknown): an agent changing its own password keeps that session alive.
 */
public record Actor(UUID customerId, String ownerType, UUID ownerId, long permission, String sessionId) {

  public Actor(UUID customerId, String ownerType, UUID ownerId, long permission) {
    this(customerId, ownerType, ownerId, permission, null);
  }

  public static Actor agent(UUID customerId, UUID agentId, long permission) {
    return new Actor(customerId, Agent.OWNER_TYPE, agentId, permission);
  }

  /** The same agent with the permission its access state says it has now (not the token's claim). */
  public Actor withPermission(long current) {
    return new Actor(customerId, ownerType, ownerId, current, sessionId);
  }

  public boolean isAdmin() {
    return Permission.ADMIN.grantedTo(permission);
  }

  public boolean isManager() {
    return isAdmin() || Permission.MANAGER.grantedTo(permission);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("customer_id", customerId.toString()).put("owner_type", ownerType)
        .put("owner_id", ownerId.toString()).put("permission", permission);
    return sessionId == null ? json : json.put("session_id", sessionId);
  }

  public static Actor fromJson(JsonObject json) {
    return new Actor(UUID.fromString(json.getString("customer_id")), json.getString("owner_type"),
        UUID.fromString(json.getString("owner_id")), json.getLong("permission", 0L), json.getString("session_id"));
  }
}
