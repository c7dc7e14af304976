package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.Topic;
import java.util.ArrayList;
import java.util.List;

/**
 * Who receives an event of chat C, among the subscribers of C's customer. A subscriber receives it (once, however
 * many of its topics match) when it has
 * {@code agent_id:<self>:chat} or {@code agent_id:<self>:chat:C} and participates in C, or
 * {@code customer_id:<own customer>:chat} or {@code customer_id:<own customer>:chat:C}.
 */
public final class DeliveryRule {
  private DeliveryRule() {
  }

  public static <S extends Subscriber> List<S> recipients(Iterable<S> subscribers, Memberships memberships,
                                                          Event event) {
    List<S> recipients = new ArrayList<>();
    for (S s : subscribers) {
      if (receives(s, memberships, event)) {
        recipients.add(s);
      }
    }
    return recipients;
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
            && memberships.participates(actor.ownerId(), event.chatId());
        case CUSTOMER -> topic.ownerId().equals(event.customerId()) && actor.isManager();
      };
      if (match) {
        return true;
      }
    }
    return false;
  }
}
