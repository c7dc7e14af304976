package io.talkmesh.common.event;

/** The domain events talk-manager publishes, with their wire names. */
public enum EventType {
  CHAT_CREATED,
  CHAT_UPDATED,
  CHAT_DELETED,
  CHATPARTICIPANT_ADDED,
  CHATPARTICIPANT_REMOVED,
  CHATMESSAGE_CREATED,
  CHATMESSAGE_UPDATED,
  CHATMESSAGE_DELETED,
  CHATMESSAGE_REACTION_UPDATED;

  /** The wire name: the constant's name in lower case. */
  private final String wire = name().toLowerCase(java.util.Locale.ROOT);

  public String wire() {
    return wire;
  }

  public static EventType parse(String wire) {
    return java.util.Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown event type " + wire));
  }
}
