package io.talkmesh.common.model;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One delivery attempt of an event to a webhook endpoint, as webhook-service reported it: the outcome
 * ({@code delivered}, {@code failed} or {@code parked}), the receiver's status code (0: no response), the error, the
 * latency and when it is retried next. Absent values are written as VoIPBIN writes them: {@code ""} for ids, text
 * and times, 0 for numbers.
 */
public record WebhookDelivery(UUID id, UUID endpointId, UUID eventId, String eventType, UUID chatId, long seq,
                              int attempt, String outcome, int statusCode, String error, long latencyMs,
                              Instant nextRetryAt, Instant tmCreate) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("endpoint_id", endpointId.toString())
        .put("event_id", eventId.toString())
        .put("event_type", eventType)
        .put("chat_id", chatId == null ? "" : chatId.toString())
        .put("seq", seq)
        .put("attempt", attempt)
        .put("outcome", outcome)
        .put("status_code", statusCode)
        .put("error", error == null ? "" : error)
        .put("latency_ms", latencyMs)
        .put("next_retry_at", Timestamps.format(nextRetryAt))
        .put("tm_create", Timestamps.format(tmCreate));
  }

  public static WebhookDelivery fromJson(JsonObject json) {
    String chat = json.getString("chat_id", "");
    return new WebhookDelivery(UUID.fromString(json.getString("id")), UUID.fromString(json.getString("endpoint_id")),
        UUID.fromString(json.getString("event_id")), json.getString("event_type"),
        chat.isEmpty() ? null : UUID.fromString(chat), json.getLong("seq", 0L), json.getInteger("attempt", 0),
        json.getString("outcome"), json.getInteger("status_code", 0), json.getString("error", ""),
        json.getLong("latency_ms", 0L), Timestamps.parse(json.getString("next_retry_at")),
        Timestamps.parse(json.getString("tm_create")));
  }
}
