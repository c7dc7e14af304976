package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.Topic;
import java.util.Set;
import java.util.UUID;

/** A connection as delivery sees it: who it is, which topics are active on it, and how to hand it an event. */
public interface Subscriber {
  Actor actor();

  Set<Topic> topics();

  /** Whether the agent subscribed to this public {@code talk} chat by id and may read it without being a member. */
  boolean readsPublicChat(UUID chatId);

  /**
   * Hands over an event this subscriber may see, with its encoded frame; the subscriber pushes it (or buffers it
   * while it catches up on that chat), or closes the connection if it cannot keep up.
   */
  void deliver(Event event, String frame);
}
