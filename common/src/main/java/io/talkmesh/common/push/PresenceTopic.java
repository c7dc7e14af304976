package io.talkmesh.common.push;

import io.talkmesh.common.error.TalkException;
import java.util.UUID;

/**
 * The WebSocket topic of presence, VoIPBIN's syntax: {@code agent_id:<self>:presence} (any agent) or
 * {@code customer_id:<customer>:presence} (managers): the presence of every agent of the customer, as
 * {@code presence} frames (docs/websocket.md, "Presence").
 */
public record PresenceTopic(Topic.Scope scope, UUID ownerId) {
  public static final String RESOURCE = "presence";
  private static final String SUFFIX = ":" + RESOURCE;

  public static PresenceTopic ofAgent(UUID agentId) {
    return new PresenceTopic(Topic.Scope.AGENT, agentId);
  }

  public static PresenceTopic ofCustomer(UUID customerId) {
    return new PresenceTopic(Topic.Scope.CUSTOMER, customerId);
  }

  /** Whether the text names a presence topic (well-formed or not): it ends in {@code :presence}. */
  public static boolean is(String text) {
    return text != null && text.endsWith(SUFFIX);
  }

  /** Parses {@code <agent_id|customer_id>:<uuid>:presence}; anything else is INVALID_ARGUMENT / INVALID_TOPIC. */
  public static PresenceTopic parse(String text) {
    String[] parts = text == null ? new String[0] : text.split(":", -1);
    if (parts.length != 3 || !parts[2].equals(RESOURCE)) {
      throw TalkException.invalid(Topic.INVALID_TOPIC, "topic '%s' is not <agent_id|customer_id>:<id>:presence", text);
    }
    for (Topic.Scope scope : Topic.Scope.values()) {
      if (scope.prefix().equals(parts[0])) {
        try {
          UUID id = UUID.fromString(parts[1]);
          if (id.toString().equals(parts[1].toLowerCase())) {
            return new PresenceTopic(scope, id);
          }
        } catch (IllegalArgumentException e) {
          // reported below
        }
        throw TalkException.invalid(Topic.INVALID_TOPIC, "topic '%s' has an id that is not a UUID", text);
      }
    }
    throw TalkException.invalid(Topic.INVALID_TOPIC, "topic '%s' must start with agent_id: or customer_id:", text);
  }

  @Override
  public String toString() {
    return scope.prefix() + ":" + ownerId + SUFFIX;
  }
}
