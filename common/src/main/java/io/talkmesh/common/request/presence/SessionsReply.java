package io.talkmesh.common.request.presence;

import io.vertx.core.json.JsonObject;

/**
 * talk-manager's answer to a {@link ReportSessions}: {@code resync} when it no longer knew the instance (its row
 * expired, e.g. after a partition longer than its TTL) and so applied nothing: the instance then reports its whole
 * set; {@code changed}, how many agents' presence the report changed.
 */
public record SessionsReply(boolean resync, int changed) {
  public JsonObject toJson() {
    return new JsonObject().put("resync", resync).put("changed", changed);
  }

  public static SessionsReply fromJson(JsonObject json) {
    return new SessionsReply(json.getBoolean("resync", false), json.getInteger("changed", 0));
  }
}
