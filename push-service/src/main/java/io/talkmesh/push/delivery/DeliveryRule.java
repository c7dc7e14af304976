package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.Topic;

/**
 * Who receives an event of chat C, among the subscribers of C's customer. A subscriber receives it (once, however
 * many of its topics match) when it has
 * {@code agent_id:<self>:chat} and participates in C,
 * {@code agent_id:<self>:chat:C} and participates in C or reads C as a public channel it subscribed to by id, or
 * {@code customer_id:<own customer>:chat} or {@code customer_id:<own customer>:chat:C} as a manager or admin.
 * The rule depends on the chat only, never on the event type, so every event type is handled alike.
 */
public final class DeliveryRule {
  private DeliveryRule() {
  }

  public static boolean receives(Subscriber subscriber, Memberships memberships, Event event) {
    Actor actor = subscriber.actor();
    if (!actor.customerId().equals(event.customerId())) {
      return false;
    }
    for (Topic topic : subscriber.topics()) {
      if (topic.isSingleChat() && !topic.chatId().equals(event.chatId())) {
        continue;
      }
      boolean match = switch (topic.scope()) {
        case AGENT -> topic.ownerId().equals(actor.ownerId())
            && (memberships.participates(actor.ownerId(), event.chatId())
                || topic.isSingleChat() && subscriber.readsPublicChat(event.chatId()));
        case CUSTOMER -> topic.ownerId().equals(event.customerId()) && actor.isManager();
      };
      if (match) {
        return true;
      }
    }
    return false;
  }
}
