package io.talkmesh.common.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Where a customer's events go, as webhook-service reads it ({@code webhooks.endpoints.active}): its enabled, live
 * endpoints with their secrets, and VoIPBIN's customer webhook ({@code webhook_method} / {@code webhook_uri}) when
 * its uri is set (null otherwise).
 */
public record ActiveWebhooks(UUID customerId, List<Endpoint> endpoints, CustomerWebhook customerWebhook) {

  public ActiveWebhooks {
    endpoints = List.copyOf(endpoints);
  }

  /** One endpoint to deliver to: the event types it wants ({@code eventTypes} empty: every type) and its secret. */
  public record Endpoint(UUID id, String url, Set<String> eventTypes, String secret) {
    public Endpoint {
      eventTypes = Set.copyOf(eventTypes);
    }

    /** Whether the endpoint wants events of this wire type. */
    public boolean wants(String eventType) {
      return eventTypes.isEmpty() || eventTypes.contains(eventType);
    }

    JsonObject toJson() {
      return new JsonObject().put("id", id.toString()).put("url", url)
          .put("event_types", new JsonArray(List.copyOf(new java.util.TreeSet<>(eventTypes)))).put("secret", secret);
    }

    static Endpoint fromJson(JsonObject json) {
      Set<String> types = new LinkedHashSet<>();
      json.getJsonArray("event_types", new JsonArray()).forEach(t -> types.add(String.valueOf(t)));
      return new Endpoint(UUID.fromString(json.getString("id")), json.getString("url"), types,
          json.getString("secret"));
    }
  }

  /** The customer's own webhook (VoIPBIN's {@code webhook_method}, {@code webhook_uri}); unsigned. */
  public record CustomerWebhook(String method, String uri) {
    JsonObject toJson() {
      return new JsonObject().put("method", method).put("uri", uri);
    }

    static CustomerWebhook fromJson(JsonObject json) {
      return new CustomerWebhook(json.getString("method"), json.getString("uri"));
    }
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    endpoints.forEach(e -> list.add(e.toJson()));
    return new JsonObject().put("customer_id", customerId.toString()).put("endpoints", list)
        .put("customer_webhook", customerWebhook == null ? null : customerWebhook.toJson());
  }

  public static ActiveWebhooks fromJson(JsonObject json) {
    List<Endpoint> endpoints = json.getJsonArray("endpoints", new JsonArray()).stream()
        .map(o -> Endpoint.fromJson((JsonObject) o)).toList();
    JsonObject hook = json.getJsonObject("customer_webhook");
    return new ActiveWebhooks(UUID.fromString(json.getString("customer_id")), endpoints,
        hook == null ? null : CustomerWebhook.fromJson(hook));
  }
}
