package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.Topic;
import io.vertx.core.Future;
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

  /**
   * The instance may miss events of the event's chat published after it until {@code bound} completes (the chat's
   * binding is being made): hold the chat's live events from the event's seq on and, once {@code bound} completes,
   * fetch the ones in between from the event log, then go on live. Nothing to do when the chat is followed by seq
   * already (a gap in seq is caught up anyway).
   */
  void followFrom(Event event, Future<Void> bound);

  /** Writes an ephemeral frame (typing) if there is room, else drops it; whether it was written. */
  boolean offer(String frame);

  /** Writes a frame that must not be dropped (presence): a subscriber that cannot keep up is closed to resync. */
  Future<Void> push(String frame);
}
