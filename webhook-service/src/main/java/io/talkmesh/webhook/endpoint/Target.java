package io.talkmesh.webhook.endpoint;

import java.util.Set;
import java.util.UUID;

/**
 * Where a customer's events go: one of its webhook endpoints, or the customer's own {@code webhook_uri}.
 *
 * @param key        stable name of the target: the endpoint's id, or {@code customer-<customer id>}
 * @param customerId whose events
 * @param url        where they are POSTed
 * @param secret     signing secret (null for the customer's {@code webhook_uri}, which VoIPBIN's API gives none)
 * @param eventTypes the event types wanted; empty = every type
 */
public record Target(String key, UUID customerId, String url, String secret, Set<String> eventTypes) {
  public static String customerKey(UUID customerId) {
    return "customer-" + customerId;
  }

  public boolean wants(String eventType) {
    return eventTypes.isEmpty() || eventTypes.contains(eventType);
  }
}
