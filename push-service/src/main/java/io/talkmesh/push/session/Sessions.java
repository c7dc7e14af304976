package io.talkmesh.push.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import io.talkmesh.push.delivery.Recipients;

/**
 * The open sessions of this instance, indexed by customer (delivery looks at the sessions of the event's customer
 * only), and the count of closes by code. Tells memberships when an agent's last session leaves, and the channel
 * view when a customer's does.
 */
public final class Sessions {
  private final Map<UUID, Set<Session>> byCustomer = new HashMap<>();
  private final Map<UUID, Integer> perAgent = new HashMap<>();
  private final Consumer<UUID> lastOfAgent;
  private final Consumer<UUID> lastOfCustomer;
  private final CloseCounts closes = new CloseCounts();
  private final Recipients recipients;
  private Consumer<UUID> firstOfAgentHere = agent -> { };
  private Consumer<UUID> lastOfAgentHere = agent -> { };

  /**
   * @param lastOfAgent told when an agent's last session here leaves; {@code lastOfCustomer} likewise a customer's
   * @param recipients  the delivery index, told of every session that opens and closes
   */
  public Sessions(Consumer<UUID> lastOfAgent, Consumer<UUID> lastOfCustomer, Recipients recipients) {
    this.lastOfAgent = lastOfAgent;
    this.lastOfCustomer = lastOfCustomer;
    this.recipients = recipients;
  }

  /** Also told when an agent's first session here opens and its last one leaves (presence reports them). */
  public Sessions onAgents(Consumer<UUID> first, Consumer<UUID> last) {
    this.firstOfAgentHere = first;
    this.lastOfAgentHere = last;
    return this;
  }

  /** The agents with a session open here. */
  public java.util.Set<UUID> agents() {
    return java.util.Collections.unmodifiableSet(perAgent.keySet());
  }

  /** Open sessions of the agent on this instance. */
  public int ofAgent(UUID agentId) {
    return perAgent.getOrDefault(agentId, 0);
  }

  public CloseCounts closes() {
    return closes;
  }

  public void add(Session session) {
    byCustomer.computeIfAbsent(session.actor().customerId(), id -> new LinkedHashSet<>()).add(session);
    recipients.opened(session);
    if (perAgent.merge(session.actor().ownerId(), 1, Integer::sum) == 1) {
      firstOfAgentHere.accept(session.actor().ownerId());
    }
  }

  public void remove(Session session) {
    UUID customerId = session.actor().customerId();
    Set<Session> sessions = byCustomer.get(customerId);
    if (sessions == null || !sessions.remove(session)) {
      return;
    }
    recipients.closed(session);
    if (sessions.isEmpty()) {
      byCustomer.remove(customerId);
      lastOfCustomer.accept(customerId);
    }
    UUID agentId = session.actor().ownerId();
    if (perAgent.merge(agentId, -1, Integer::sum) <= 0) {
      perAgent.remove(agentId);
      lastOfAgent.accept(agentId);
      lastOfAgentHere.accept(agentId);
    }
  }

  /** Closes this instance's sessions of the state's agent that it no longer admits (see {@link Session#closeIfRevoked}). */
  public int accessChanged(io.talkmesh.common.auth.AccessState state) {
    int closed = 0;
    for (Session session : List.copyOf(ofCustomer(state.customerId() == null ? new UUID(0, 0) : state.customerId()))) {
      if (session.closeIfRevoked(state)) {
        closed++;
      }
    }
    return closed;
  }

  public Collection<Session> ofCustomer(UUID customerId) {
    return byCustomer.getOrDefault(customerId, Set.of());
  }

  public List<Session> all() {
    List<Session> all = new ArrayList<>();
    byCustomer.values().forEach(all::addAll);
    return all;
  }

  public int size() {
    return byCustomer.values().stream().mapToInt(Set::size).sum();
  }
}
