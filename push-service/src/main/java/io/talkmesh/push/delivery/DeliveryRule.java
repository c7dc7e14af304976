package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.Topic;
import java.util.UUID;

/**
 * Who receives an event of chat C, among the subscribers of C's customer. A subscriber receives it (once, however
 * many of its topics match) when it has
 * {@code agent_id:<self>:chat} and participates in C,
 * {@code agent_id:<self>:chat:C} and participates in C or reads C as a public channel it subscribed to by id, or
 * {@code customer_id:<own customer>:chat} or {@code customer_id:<own customer>:chat:C} as a manager or admin that
 * participates in C or when C is a public channel of the customer: exactly the chats REST lets it read.
 * The rule depends on the chat only, never on the event type, so every event type is handled alike; the one
 * exception is the agent's own stream ({@link io.talkmesh.common.event.EventType#agentStream()}: the event's chat_id
 * slot names the agent), received by that agent's sessions holding a wide topic, and by nobody else. An internal
 * event ({@link io.talkmesh.common.event.EventType#internal()}, a webhook replay request) is received by nobody.
 */
public final class DeliveryRule {
  private DeliveryRule() {
  }

  public static boolean receives(Subscriber subscriber, Memberships memberships, Channels channels, Event event) {
    Actor actor = subscriber.actor();
    if (!actor.customerId().equals(event.customerId()) || event.type().internal()) {
      return false;
    }
    if (event.type().agentStream()) {
      return actor.ownerId().equals(event.chatId())
          && subscriber.topics().stream().anyMatch(t -> !t.isSingleChat() && t.ownerId().equals(
              t.scope() == Topic.Scope.AGENT ? actor.ownerId() : actor.customerId()));
    }
    return receivesChat(subscriber, memberships, channels, event.customerId(), event.chatId());
  }

  /** Whether the subscriber reads what happens in the chat (its events, and its typing signals). */
  public static boolean receivesChat(Subscriber subscriber, Memberships memberships, Channels channels, UUID customerId,
                                     UUID chatId) {
    Actor actor = subscriber.actor();
    if (!actor.customerId().equals(customerId)) {
      return false;
    }
    for (Topic topic : subscriber.topics()) {
      if (topic.isSingleChat() && !topic.chatId().equals(chatId)) {
        continue;
      }
      boolean match = switch (topic.scope()) {
        case AGENT -> topic.ownerId().equals(actor.ownerId())
            && (memberships.participates(actor.ownerId(), chatId)
                || topic.isSingleChat() && subscriber.readsPublicChat(chatId));
        case CUSTOMER -> topic.ownerId().equals(customerId) && actor.isManager()
            && readable(actor, memberships, channels, chatId);
      };
      if (match) {
        return true;
      }
    }
    return false;
  }

  /** What REST lets the agent read: a chat it participates in, or a public channel of its customer. */
  public static boolean readable(Actor actor, Memberships memberships, Channels channels, UUID chatId) {
    return memberships.participates(actor.ownerId(), chatId) || channels.isPublic(actor.customerId(), chatId);
  }
}
