package io.talkmesh.common.event;

/** The domain events talk-manager publishes, with their wire names. */
public enum EventType {
  CHAT_CREATED("chat_created"),
  CHAT_UPDATED("chat_updated"),
  CHAT_DELETED("chat_deleted"),
  CHATPARTICIPANT_ADDED("chatparticipant_added"),
  CHATPARTICIPANT_REMOVED("chatparticipant_removed"),
  CHATMESSAGE_CREATED("chatmessage_created"),
  CHATMESSAGE_UPDATED("chatmessage_updated"),
  CHATMESSAGE_DELETED("chatmessage_deleted"),
  CHATMESSAGE_REACTION_UPDATED("chatmessage_reaction_updated");

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static EventType parse(String wire) {
    for (EventType t : values()) {
      if (t.wire.equals(wire)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown event type " + wire);
  }
}
