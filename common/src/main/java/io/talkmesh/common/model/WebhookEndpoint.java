package io.talkmesh.common.model;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's webhook endpoint (issue 17): where webhook-service POSTs the talk events of {@code eventTypes} (empty:
 * every type), signed with {@code secret}. The secret is on the wire only in the answers of create and rotation;
 * elsewhere it is null and left out of the JSON.
 */
public record WebhookEndpoint(UUID id, UUID customerId, String url, List<String> eventTypes, String description,
                              boolean enabled, String secret, Instant tmCreate, Instant tmUpdate, Instant tmDelete) {

  public WebhookEndpoint {
    eventTypes = List.copyOf(eventTypes);
  }

  /** The same endpoint as every read but create and rotation shows it. */
  public WebhookEndpoint withoutSecret() {
    return secret == null ? this
        : new WebhookEndpoint(id, customerId, url, eventTypes, description, enabled, null, tmCreate, tmUpdate, tmDelete);
  }

  public boolean deleted() {
    return tmDelete != null;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id.toString())
        .put("customer_id", customerId.toString())
        .put("url", url)
        .put("event_types", new JsonArray(List.copyOf(eventTypes)))
        .put("description", description)
        .put("enabled", enabled);
    if (secret != null) {
      json.put("secret", secret);
    }
    return json
        .put("tm_create", Timestamps.format(tmCreate))
        .put("tm_update", Timestamps.format(tmUpdate))
        .put("tm_delete", Timestamps.format(tmDelete));
  }

  public static WebhookEndpoint fromJson(JsonObject json) {
    List<String> types = json.getJsonArray("event_types", new JsonArray()).stream().map(String::valueOf).toList();
    return new WebhookEndpoint(UUID.fromString(json.getString("id")), UUID.fromString(json.getString("customer_id")),
        json.getString("url"), types, json.getString("description", ""), json.getBoolean("enabled", true),
        json.getString("secret"), Timestamps.parse(json.getString("tm_create")),
        Timestamps.parse(json.getString("tm_update")), Timestamps.parse(json.getString("tm_delete")));
  }
}
