package io.talkmesh.common.auth;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * What decides, at every gateway and push instance, whether an agent's token still works and with which permission:
 * talk-manager's current view of the agent (the {@code agents.access} operation answers it, the access exchange
 * announces each change of it). {@code version} grows with every change of the agent's access, so a reply or an
 * event older than what an instance already holds is ignored.
 *
 * @param deleted     the agent is deleted (or never existed): none of its tokens work
 * @param validAfterMs tokens issued before this instant (epoch ms; 0: none) are dead, except {@code keptSession}
 * @param keptSession the {@code jti} of the one token exempt from {@code validAfterMs} (the session that changed its
 *                    own password), or null
 */
public record AccessState(UUID agentId, UUID customerId, long permission, boolean deleted, long validAfterMs,
                          String keptSession, long version) {

  /** The state of an agent talk-manager does not know: every token of it is refused. */
  public static AccessState unknown(UUID agentId) {
    return new AccessState(agentId, null, 0, true, 0, null, Long.MAX_VALUE);
  }

  /** Whether a token of this agent, with id {@code jti} and issued at {@code issuedAtMs}, still works. */
  public boolean admits(UUID tokenCustomer, String jti, long issuedAtMs) {
    if (deleted || customerId == null || !customerId.equals(tokenCustomer)) {
      return false;
    }
    return issuedAtMs >= validAfterMs || (keptSession != null && keptSession.equals(jti));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("agent_id", agentId.toString())
        .put("customer_id", customerId == null ? null : customerId.toString()).put("permission", permission)
        .put("deleted", deleted).put("sessions_valid_after_ms", validAfterMs).put("version", version);
    return keptSession == null ? json : json.put("sessions_kept", keptSession);
  }

  public static AccessState fromJson(JsonObject json) {
    String customer = json.getString("customer_id");
    return new AccessState(UUID.fromString(json.getString("agent_id")), customer == null ? null : UUID.fromString(customer),
        json.getLong("permission", 0L), json.getBoolean("deleted", true), json.getLong("sessions_valid_after_ms", 0L),
        json.getString("sessions_kept"), json.getLong("version", 0L));
  }
}
