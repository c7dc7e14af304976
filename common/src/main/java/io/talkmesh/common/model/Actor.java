package io.talkmesh.common.model;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Who acts in an RPC request: the authenticated agent, as the gateway vouches for it. talk-manager enforces every
 * domain and permission rule against this identity.
 */
public record Actor(UUID customerId, String ownerType, UUID ownerId, long permission) {

  public static Actor agent(UUID customerId, UUID agentId, long permission) {
    return new Actor(customerId, Agent.OWNER_TYPE, agentId, permission);
  }

  public boolean isAdmin() {
    return Permission.ADMIN.grantedTo(permission);
  }

  public boolean isManager() {
    return isAdmin() || Permission.MANAGER.grantedTo(permission);
  }

  public JsonObject toJson() {
    return new JsonObject().put("customer_id", customerId.toString()).put("owner_type", ownerType)
        .put("owner_id", ownerId.toString()).put("permission", permission);
  }

  public static Actor fromJson(JsonObject json) {
    return new Actor(UUID.fromString(json.getString("customer_id")), json.getString("owner_type"),
        UUID.fromString(json.getString("owner_id")), json.getLong("permission", 0L));
  }
}
