package io.talkmesh.common.model;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * An event parked for a webhook endpoint (the dead-letter store): webhook-service gave up on it after
 * {@code attempts} for {@code reason}; {@code event} is the payload as it was sent. {@code tmReplay} is when an admin
 * last asked to replay it (null, {@code ""} on the wire, when never).
 */
public record WebhookParked(UUID id, UUID endpointId, UUID eventId, JsonObject event, String reason, int attempts,
                            Instant tmCreate, Instant tmReplay) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("endpoint_id", endpointId.toString())
        .put("event_id", eventId.toString())
        .put("event", event.copy())
        .put("reason", reason)
        .put("attempts", attempts)
        .put("tm_create", Timestamps.format(tmCreate))
        .put("tm_replay", Timestamps.format(tmReplay));
  }

  public static WebhookParked fromJson(JsonObject json) {
    return new WebhookParked(UUID.fromString(json.getString("id")), UUID.fromString(json.getString("endpoint_id")),
        UUID.fromString(json.getString("event_id")), json.getJsonObject("event", new JsonObject()),
        json.getString("reason", ""), json.getInteger("attempts", 0), Timestamps.parse(json.getString("tm_create")),
        Timestamps.parse(json.getString("tm_replay")));
  }
}
