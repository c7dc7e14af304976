package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.vertx.core.Future;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Handles one event from the broker: drops a duplicate, keeps memberships current, and hands the event with its
 * frame (encoded once) to each subscriber the {@link DeliveryRule} selects among the event's possible recipients on
 * this instance ({@link Recipients}: the chat's members, watchers and, for a public channel, the customer's
 * managers; never a scan of the customer's sessions). No RPC per event: memberships and public-channel grants are
 * known locally.
 * <p>
 * An event that gives a session a chat its instance did not receive yet (a participant added, a public channel
 * created) starts that chat's binding ({@link ChatBindings}); until it is in place, messages of the chat go to no
 * queue of this instance. Each recipient of such an event is therefore told to follow the chat from the event's seq
 * ({@link Subscriber#followFrom}): it holds the chat's live events and, once the binding is active, fetches what was
 * published in between from the event log, so it misses nothing and sees nothing twice.
 */
public final class Dispatcher {
  private final Function<Event, Iterable<? extends Subscriber>> candidates;
  private final Memberships memberships;
  private final Channels channels;
  private final SeqFilter seqFilter;
  private final BiFunction<UUID, UUID, Future<Void>> active;

  /**
   * @param candidates the sessions that may receive an event (a superset; the rule decides)
   * @param active     per (customer, chat), completes once the chat's events reach this instance
   */
  public Dispatcher(Function<Event, Iterable<? extends Subscriber>> candidates, Memberships memberships,
                    Channels channels, SeqFilter seqFilter, BiFunction<UUID, UUID, Future<Void>> active) {
    this.candidates = candidates;
    this.memberships = memberships;
    this.channels = channels;
    this.seqFilter = seqFilter;
    this.active = active;
  }

  /** Returns the number of subscribers the event was pushed to (0 for a duplicate or an internal event). */
  public int onEvent(Event event) {
    if (event.type().internal()) {
      return 0; // for the mesh's services (webhook replays): it arrives when the customer's whole stream is bound
    }
    if (!seqFilter.firstTime(event.chatId(), event.seq())) {
      return 0;
    }
    memberships.beforeDelivery(event);
    channels.beforeDelivery(event);
    Future<Void> binding = null;
    if (event.type() == EventType.CHATPARTICIPANT_ADDED || event.type() == EventType.CHAT_CREATED) {
      Future<Void> f = active.apply(event.customerId(), event.chatId());
      binding = f.isComplete() ? null : f;
    }
    String frame = null;
    int delivered = 0;
    for (Subscriber s : candidates.apply(event)) {
      if (DeliveryRule.receives(s, memberships, channels, event)) {
        if (frame == null) {
          frame = event.toFrame().encode();
        }
        s.deliver(event, frame);
        if (binding != null) {
          s.followFrom(event, binding);
        }
        delivered++;
      }
    }
    memberships.afterDelivery(event);
    channels.afterDelivery(event);
    return delivered;
  }
}
