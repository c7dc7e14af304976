package io.talkmesh.push.subscription;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.Topic;

/**
 * Who may subscribe to which topic: an agent to its own {@code agent_id} topics; a manager or admin also to its own
 * customer's {@code customer_id} topics. Nobody to another agent's or another customer's.
 */
public final class TopicRules {
  public static final String TOPIC_NOT_ALLOWED = "TOPIC_NOT_ALLOWED";

  private TopicRules() {
  }

  /** Parses and authorizes a topic string; throws INVALID_TOPIC or TOPIC_NOT_ALLOWED. */
  public static Topic allowed(Actor actor, String text) {
    Topic topic = Topic.parse(text);
    boolean ok = switch (topic.scope()) {
      case AGENT -> topic.ownerId().equals(actor.ownerId());
      case CUSTOMER -> actor.isManager() && topic.ownerId().equals(actor.customerId());
    };
    if (!ok) {
      throw TalkException.denied(TOPIC_NOT_ALLOWED, topic.scope() == Topic.Scope.AGENT
          ? "only your own agent_id topics may be subscribed"
          : "customer_id topics need the manager or admin permission, for your own customer only");
    }
    return topic;
  }

  /**
   * Parses and authorizes a presence topic: {@code agent_id:<self>:presence} for any agent, the customer's
   * {@code customer_id:<own>:presence} for a manager or admin (the same content: every agent of the customer may
   * list the others and see their presence).
   */
  public static io.talkmesh.common.push.PresenceTopic allowedPresence(Actor actor, String text) {
    io.talkmesh.common.push.PresenceTopic topic = io.talkmesh.common.push.PresenceTopic.parse(text);
    boolean ok = switch (topic.scope()) {
      case AGENT -> topic.ownerId().equals(actor.ownerId());
      case CUSTOMER -> actor.isManager() && topic.ownerId().equals(actor.customerId());
    };
    if (!ok) {
      throw TalkException.denied(TOPIC_NOT_ALLOWED, topic.scope() == Topic.Scope.AGENT
          ? "only your own agent_id:<id>:presence topic may be subscribed"
          : "customer_id topics need the manager or admin permission, for your own customer only");
    }
    return topic;
  }
}
