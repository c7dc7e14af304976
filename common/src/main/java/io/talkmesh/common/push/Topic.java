package io.talkmesh.common.push;

import io.talkmesh.common.error.TalkException;
import java.util.UUID;

/**
 * A WebSocket subscription topic, VoIPBIN's syntax: {@code agent_id:<agent>:chat} (all chats of an agent),
 * {@code agent_id:<agent>:chat:<chat>} (one chat), {@code customer_id:<customer>:chat[:<chat>]} (a customer's chats).
 * {@code chatId} is null when the topic covers all chats of its owner.
 */
public record Topic(Scope scope, UUID ownerId, UUID chatId) {
  public static final String INVALID_TOPIC = "INVALID_TOPIC";

  /** Whose chats a topic covers. */
  public enum Scope {
    AGENT,
    CUSTOMER;

    /** The topic's first part: {@code agent_id}, {@code customer_id}. */
    private final String prefix = name().toLowerCase(java.util.Locale.ROOT) + "_id";

    public String prefix() {
      return prefix;
    }
  }

  public static Topic agentChats(UUID agentId) {
    return new Topic(Scope.AGENT, agentId, null);
  }

  public static Topic agentChat(UUID agentId, UUID chatId) {
    return new Topic(Scope.AGENT, agentId, chatId);
  }

  public static Topic customerChats(UUID customerId) {
    return new Topic(Scope.CUSTOMER, customerId, null);
  }

  public static Topic customerChat(UUID customerId, UUID chatId) {
    return new Topic(Scope.CUSTOMER, customerId, chatId);
  }

  /** Parses a topic string; anything else than the four shapes is INVALID_ARGUMENT / INVALID_TOPIC. */
  public static Topic parse(String text) {
    if (text == null) {
      throw TalkException.invalid(INVALID_TOPIC, "a topic must be a string");
    }
    String[] parts = text.split(":", -1);
    if ((parts.length != 3 && parts.length != 4) || !parts[2].equals("chat")) {
      throw TalkException.invalid(INVALID_TOPIC,
          "topic '%s' is not <agent_id|customer_id>:<id>:chat[:<chat_id>]", text);
    }
    Scope scope = null;
    for (Scope s : Scope.values()) {
      if (s.prefix.equals(parts[0])) {
        scope = s;
      }
    }
    if (scope == null) {
      throw TalkException.invalid(INVALID_TOPIC, "topic '%s' must start with agent_id: or customer_id:", text);
    }
    return new Topic(scope, uuid(parts[1], text), parts.length == 4 ? uuid(parts[3], text) : null);
  }

  /** Whether this topic covers one chat only. */
  public boolean isSingleChat() {
    return chatId != null;
  }

  @Override
  public String toString() {
    return scope.prefix + ":" + ownerId + ":chat" + (chatId == null ? "" : ":" + chatId);
  }

  private static UUID uuid(String value, String topic) {
    try {
      UUID id = UUID.fromString(value);
      if (id.toString().equals(value.toLowerCase())) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw TalkException.invalid(INVALID_TOPIC, "topic '%s' has an id that is not a UUID: '%s'", topic, value);
  }
}
