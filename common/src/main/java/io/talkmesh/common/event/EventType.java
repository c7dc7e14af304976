package io.talkmesh.common.event;

/**
 * The domain events talk-manager publishes, with their wire names. Most belong to a chat's stream (routing key and
 * seq of the chat); those of {@link #agentStream()} belong to one agent's own stream instead (the event's chat_id
 * slot holds the agent's id, seq is the agent's): only that agent's sessions receive them (docs/read-state.md).
 */
public enum EventType {
  CHAT_CREATED,
  CHAT_UPDATED,
  CHAT_DELETED,
  CHATPARTICIPANT_ADDED,
  CHATPARTICIPANT_REMOVED,
  CHATMESSAGE_CREATED,
  CHATMESSAGE_UPDATED,
  CHATMESSAGE_DELETED,
  CHATMESSAGE_REACTION_UPDATED,
  /** A direct chat's read receipt: a participant's new read pointer, to both participants (no counts). */
  CHATPARTICIPANT_READ,
  /** The agent's own new read state of a chat, counts included: its other sessions and devices clear badges. */
  CHAT_READ,
  /** A message pinned in its chat; the data is the pin, message included (docs/find.md). */
  CHATMESSAGE_PINNED,
  /** A pin removed; the data is the pin as it was. */
  CHATMESSAGE_UNPINNED,
  /**
   * An agent's presence changed (online, offline, or its status while online); the data is {@code Presence}. It is
   * numbered and routed in the agent's own stream, but push-service hands it to presence subscribers of the whole
   * customer, not to the agent's sessions (docs/websocket.md, "Presence").
   */
  AGENT_PRESENCE_UPDATED,
  /**
   * An admin asked to replay a parked webhook event (issue 17); the data is {@code {endpoint_id, parked_id, event}}.
   * It is numbered and routed in the endpoint's own stream ({@code <customer>.<endpoint_id>.webhook_replay_requested}),
   * for webhook-service only: see {@link #internal()}.
   */
  WEBHOOK_REPLAY_REQUESTED;

  /** The wire name: the constant's name in lower case. */
  private final String wire = name().toLowerCase(java.util.Locale.ROOT);

  public String wire() {
    return wire;
  }

  /** Whether the event belongs to an agent's own stream rather than a chat's. */
  public boolean agentStream() {
    return this == CHAT_READ || this == AGENT_PRESENCE_UPDATED;
  }

  /**
   * Whether the event is for the mesh's own services only: push-service hands it to no WebSocket session (whatever
   * its topics, even when it binds the customer's whole stream) and no customer's webhook endpoint may ask for it.
   */
  public boolean internal() {
    return this == WEBHOOK_REPLAY_REQUESTED;
  }

  /** Whether the event is a presence change, for the customer's presence subscribers. */
  public boolean presence() {
    return this == AGENT_PRESENCE_UPDATED;
  }

  public static EventType parse(String wire) {
    return java.util.Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown event type " + wire));
  }
}
