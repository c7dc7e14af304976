package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.push.Topic;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which sessions of this instance may receive an event of chat C, found without looking at any other session: the
 * sessions of the agents that participate in C ({@link Memberships#agentsIn}), the sessions holding a single-chat
 * topic of C, and, when C is a public channel of its customer, the sessions holding the customer's
 * {@code customer_id:<cid>:chat} topic. The {@link DeliveryRule} then decides for each of them, so the policy is the
 * one of a scan over every session of the customer, at the cost of the chat's readers on this instance.
 * Lives on one event loop; not thread-safe.
 */
public final class Recipients {
  private final Map<UUID, Set<Subscriber>> byAgent = new HashMap<>();
  private final Map<UUID, Set<Subscriber>> byChat = new HashMap<>();
  private final Map<UUID, Set<Subscriber>> customerWide = new HashMap<>();

  public void opened(Subscriber s) {
    byAgent.computeIfAbsent(s.actor().ownerId(), a -> new LinkedHashSet<>()).add(s);
  }

  /** The session closed: it leaves every index, whatever topics it still holds. */
  public void closed(Subscriber s) {
    remove(byAgent, s.actor().ownerId(), s);
    for (Topic t : s.topics()) {
      if (t.isSingleChat()) {
        remove(byChat, t.chatId(), s);
      } else if (t.scope() == Topic.Scope.CUSTOMER) {
        remove(customerWide, t.ownerId(), s);
      }
    }
  }

  /** The topic became active on the session (it is in {@link Subscriber#topics()} already). */
  public void topicAdded(Subscriber s, Topic t) {
    if (t.isSingleChat()) {
      byChat.computeIfAbsent(t.chatId(), c -> new LinkedHashSet<>()).add(s);
    } else if (t.scope() == Topic.Scope.CUSTOMER) {
      customerWide.computeIfAbsent(t.ownerId(), c -> new LinkedHashSet<>()).add(s);
    }
  }

  /** The topic left the session's topics (it is no longer in {@link Subscriber#topics()}). */
  public void topicRemoved(Subscriber s, Topic t) {
    if (t.isSingleChat()) {
      boolean still = s.topics().stream().anyMatch(o -> t.chatId().equals(o.chatId()));
      if (!still) {
        remove(byChat, t.chatId(), s);
      }
    } else if (t.scope() == Topic.Scope.CUSTOMER) {
      remove(customerWide, t.ownerId(), s);
    }
  }

  /** The sessions that may receive the event (a superset of those that do; each once). */
  public Collection<Subscriber> of(Event event, Memberships memberships, Channels channels) {
    Set<Subscriber> out = new LinkedHashSet<>();
    if (event.type().agentStream()) {
      // an agent's own stream: its chat_id slot is the agent
      Set<Subscriber> own = byAgent.get(event.chatId());
      if (own != null) {
        out.addAll(own);
      }
      return out;
    }
    return ofChat(event.customerId(), event.chatId(), memberships, channels);
  }

  /** The sessions that may read the chat (a superset; {@link DeliveryRule#receivesChat} decides). */
  public Collection<Subscriber> ofChat(UUID customerId, UUID chatId, Memberships memberships, Channels channels) {
    Set<Subscriber> out = new LinkedHashSet<>();
    for (UUID agent : memberships.agentsIn(chatId)) {
      Set<Subscriber> sessions = byAgent.get(agent);
      if (sessions != null) {
        out.addAll(sessions);
      }
    }
    Set<Subscriber> watching = byChat.get(chatId);
    if (watching != null) {
      out.addAll(watching);
    }
    if (channels.isPublic(customerId, chatId)) {
      Set<Subscriber> managers = customerWide.get(customerId);
      if (managers != null) {
        out.addAll(managers);
      }
    }
    return out;
  }

  private static void remove(Map<UUID, Set<Subscriber>> index, UUID key, Subscriber s) {
    Set<Subscriber> set = index.get(key);
    if (set != null && set.remove(s) && set.isEmpty()) {
      index.remove(key);
    }
  }
}
