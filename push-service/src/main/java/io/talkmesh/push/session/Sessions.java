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

/**
 * The open sessions of this instance, indexed by customer. Tells the event queue when a customer's first session
 * arrives (bind its events) and its last one leaves (unbind), and memberships when an agent's last session leaves.
 */
public final class Sessions {
  private final Map<UUID, Set<Session>> byCustomer = new HashMap<>();
  private final Map<UUID, Integer> perAgent = new HashMap<>();
  private final Consumer<UUID> firstOfCustomer;
  private final Consumer<UUID> lastOfCustomer;
  private final Consumer<UUID> lastOfAgent;

  public Sessions(Consumer<UUID> firstOfCustomer, Consumer<UUID> lastOfCustomer, Consumer<UUID> lastOfAgent) {
    this.firstOfCustomer = firstOfCustomer;
    this.lastOfCustomer = lastOfCustomer;
    this.lastOfAgent = lastOfAgent;
  }

  public void add(Session session) {
    UUID customerId = session.actor().customerId();
    Set<Session> sessions = byCustomer.computeIfAbsent(customerId, id -> new LinkedHashSet<>());
    sessions.add(session);
    perAgent.merge(session.actor().ownerId(), 1, Integer::sum);
    if (sessions.size() == 1) {
      firstOfCustomer.accept(customerId);
    }
  }

  public void remove(Session session) {
    UUID customerId = session.actor().customerId();
    Set<Session> sessions = byCustomer.get(customerId);
    if (sessions == null || !sessions.remove(session)) {
      return;
    }
    if (sessions.isEmpty()) {
      byCustomer.remove(customerId);
      lastOfCustomer.accept(customerId);
    }
    UUID agentId = session.actor().ownerId();
    if (perAgent.merge(agentId, -1, Integer::sum) <= 0) {
      perAgent.remove(agentId);
      lastOfAgent.accept(agentId);
    }
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
