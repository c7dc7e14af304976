package io.talkmesh.common.model;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An agent of a customer: who logs in and talks. Never carries the password or its hash. Its JSON is VoIPBIN's
 * {@code AgentManagerAgent}: {@code ring_method} and {@code status} are stored (what the agent or its admin last set;
 * talk-mesh rings nobody), the telephony fields {@code tag_ids}, {@code addresses} and {@code direct_hash} are always
 * written empty so a generated VoIPBIN client finds every field it reads. {@code presence} is the status made live:
 * {@link #OFFLINE} while the agent has no WebSocket session on any push instance, its status otherwise;
 * {@code tm_presence} when it last changed (docs/websocket.md, "Presence").
 */
public record Agent(UUID id, UUID customerId, String username, String name, String detail, long permission,
                    String ringMethod, String status, String presence, Instant tmPresence, Instant tmCreate,
                    Instant tmUpdate, Instant tmDelete) {
  /** Owner type of agents in participants, messages and reactions. */
  public static final String OWNER_TYPE = "agent";
  /** VoIPBIN's {@code AgentManagerAgentRingMethod}; the first is a new agent's. */
  public static final List<String> RING_METHODS = List.of("ringall", "linear");
  /** VoIPBIN's {@code AgentManagerAgentStatus} but its empty "None"; a new agent is {@link #DEFAULT_STATUS}. */
  public static final List<String> STATUSES = List.of("available", "away", "busy", "offline", "ringing");
  public static final String DEFAULT_RING_METHOD = "ringall";
  /** As VoIPBIN's agent-manager creates agents: offline until the agent says otherwise. */
  public static final String DEFAULT_STATUS = "offline";
  /** The presence of an agent with no live session (and of one whose status is offline). */
  public static final String OFFLINE = "offline";

  /** An agent whose presence is not known here: offline, never changed. */
  public Agent(UUID id, UUID customerId, String username, String name, String detail, long permission,
               String ringMethod, String status, Instant tmCreate, Instant tmUpdate, Instant tmDelete) {
    this(id, customerId, username, name, detail, permission, ringMethod, status, OFFLINE, null, tmCreate, tmUpdate,
        tmDelete);
  }

  /** The presence an agent with this status shows while it is online (connected) or not. */
  public static String presenceOf(String status, boolean online) {
    return online ? status : OFFLINE;
  }

  /** An agent with the default ring method and status. */
  public Agent(UUID id, UUID customerId, String username, String name, String detail, long permission,
               Instant tmCreate, Instant tmUpdate, Instant tmDelete) {
    this(id, customerId, username, name, detail, permission, DEFAULT_RING_METHOD, DEFAULT_STATUS, tmCreate, tmUpdate,
        tmDelete);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("customer_id", customerId.toString())
        .put("username", username)
        .put("name", name)
        .put("detail", detail)
        .put("ring_method", ringMethod)
        .put("status", status)
        .put("presence", presence)
        .put("tm_presence", Timestamps.format(tmPresence))
        .put("permission", permission)
        .put("tag_ids", new JsonArray())
        .put("addresses", new JsonArray())
        .put("direct_hash", "")
        .put("tm_create", Timestamps.format(tmCreate))
        .put("tm_update", Timestamps.format(tmUpdate))
        .put("tm_delete", Timestamps.format(tmDelete));
  }

  public static Agent fromJson(JsonObject json) {
    return new Agent(UUID.fromString(json.getString("id")), UUID.fromString(json.getString("customer_id")),
        json.getString("username"), json.getString("name", ""), json.getString("detail", ""),
        json.getLong("permission", 0L), json.getString("ring_method", DEFAULT_RING_METHOD),
        json.getString("status", DEFAULT_STATUS), json.getString("presence", OFFLINE),
        Timestamps.parse(json.getString("tm_presence")), Timestamps.parse(json.getString("tm_create")),
        Timestamps.parse(json.getString("tm_update")), Timestamps.parse(json.getString("tm_delete")));
  }

  public boolean isAdmin() {
    return Permission.ADMIN.grantedTo(permission);
  }
}
