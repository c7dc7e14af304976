package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import java.util.UUID;
import java.util.function.Function;

/**
 * Handles one event from the broker: drops a duplicate, keeps memberships current, and hands the event with its
 * frame (encoded once) to each subscriber the {@link DeliveryRule} selects among the sessions of the event's
 * customer. No RPC per event: memberships and public-channel grants are known locally.
 */
public final class Dispatcher {
  private final Function<UUID, Iterable<? extends Subscriber>> subscribersOfCustomer;
  private final Memberships memberships;
  private final Channels channels;
  private final SeqFilter seqFilter;

  public Dispatcher(Function<UUID, Iterable<? extends Subscriber>> subscribersOfCustomer, Memberships memberships,
                    Channels channels, SeqFilter seqFilter) {
    this.subscribersOfCustomer = subscribersOfCustomer;
    this.memberships = memberships;
    this.channels = channels;
    this.seqFilter = seqFilter;
  }

  /** Returns the number of subscribers the event was pushed to (0 for a duplicate). */
  public int onEvent(Event event) {
    if (!seqFilter.firstTime(event.chatId(), event.seq())) {
      return 0;
    }
    memberships.beforeDelivery(event);
    channels.beforeDelivery(event);
    String frame = null;
    int delivered = 0;
    for (Subscriber s : subscribersOfCustomer.apply(event.customerId())) {
      if (DeliveryRule.receives(s, memberships, channels, event)) {
        if (frame == null) {
          frame = event.toFrame().encode();
        }
        s.deliver(event, frame);
        delivered++;
      }
    }
    memberships.afterDelivery(event);
    channels.afterDelivery(event);
    return delivered;
  }
}
