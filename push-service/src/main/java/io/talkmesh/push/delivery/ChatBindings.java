package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.Topic;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The message bindings of this instance: for each customer, the chats its sessions here need, bound one by one
 * ({@code <customer_id>.<chat_id>.*}) up to {@code maxChats}, and past that the customer's whole stream
 * ({@code <customer_id>.#}) until the count falls back to {@code maxChats / 2} (hysteresis, so a count that hovers
 * near the bound does not flap).
 * <p>
 * A chat is needed while something here may deliver it: an agent holding {@code agent_id:<self>:chat} (or a manager
 * holding {@code customer_id:<cid>:chat}) that participates in it, a single-chat topic of it, or, for a customer
 * with a {@code customer_id:<cid>:chat} session here, it is one of the customer's public channels. It is counted from
 * the views as they change ({@link Memberships#onChange}, {@link Channels#onChange}), so a chat joined later is
 * bound when its {@code chatparticipant_added} arrives, and unbound when the last interested session goes. An agent
 * holding a wide topic also needs its own stream ({@code <customer_id>.<agent_id>.*}, events such as
 * {@code chat_read} that only its sessions receive), counted like one more chat.
 * <p>
 * Switching never leaves a hole: the new bindings are made first and the old ones released only once they are in
 * place (the broker routes a message to a queue once however many of its bindings match). A chat that becomes needed
 * is delivered only what was published after its binding: {@link #active} says when that is, and the dispatcher has
 * the sessions that just gained the chat fetch what was published in between from the event log.
 * Lives on one event loop; not thread-safe.
 */
public final class ChatBindings {
  private final Bindings bindings;
  private final Memberships memberships;
  private final Channels channels;
  private final int maxChats;
  private final int lowChats;
  /** Sessions holding an agent-wide or customer-wide topic, per agent (its chats are needed while > 0). */
  private final Map<UUID, Integer> wideAgents = new HashMap<>();
  private final Map<UUID, UUID> customerOf = new HashMap<>();
  /** Sessions holding {@code customer_id:<cid>:chat}, per customer (its public channels are needed while > 0). */
  private final Map<UUID, Integer> managers = new HashMap<>();
  private final Map<UUID, Customer> customers = new HashMap<>();
  private long switches;

  private final class Customer {
    final UUID id;
    final Map<UUID, Integer> needs = new HashMap<>();
    /** The per-chat patterns held, with the future of their binding. */
    final Map<UUID, Future<Void>> fine = new HashMap<>();
    /** The customer pattern's binding while held. */
    Future<Void> coarse;
    boolean coarseMode;

    Customer(UUID id) {
      this.id = id;
    }

    String chatPattern(UUID chat) {
      return id + "." + chat + ".*";
    }

    String customerPattern() {
      return Event.customerPattern(id);
    }

    void need(UUID chat) {
      if (needs.merge(chat, 1, Integer::sum) > 1) {
        return;
      }
      if (!coarseMode) {
        if (needs.size() > maxChats) {
          toCoarse();
        } else {
          fine.computeIfAbsent(chat, c -> bindings.acquire(chatPattern(c)));
        }
      }
    }

    void unneed(UUID chat) {
      Integer n = needs.get(chat);
      if (n == null) {
        return;
      }
      if (n > 1) {
        needs.put(chat, n - 1);
        return;
      }
      needs.remove(chat);
      if (fine.remove(chat) != null) {
        bindings.release(chatPattern(chat));
      }
      if (coarseMode && needs.size() <= lowChats) {
        toFine();
      }
      if (needs.isEmpty() && fine.isEmpty() && coarse == null) {
        customers.remove(id);
      }
    }

    /** Binds the customer's stream, then drops the per-chat bindings once it is in place. */
    private void toCoarse() {
      coarseMode = true;
      switches++;
      Future<Void> bound = coarse != null ? coarse : bindings.acquire(customerPattern());
      coarse = bound;
      bound.onSuccess(v -> {
        if (coarseMode && coarse == bound) {
          fine.keySet().forEach(c -> bindings.release(chatPattern(c)));
          fine.clear();
        }
      });
    }

    /** Binds every needed chat again, then drops the customer's stream once they are all in place. */
    private void toFine() {
      coarseMode = false;
      switches++;
      for (UUID chat : needs.keySet()) {
        fine.computeIfAbsent(chat, c -> bindings.acquire(chatPattern(c)));
      }
      Future<Void> held = coarse;
      Future.all(new ArrayList<>(fine.values())).onComplete(ar -> {
        if (!coarseMode && coarse == held && held != null) {
          coarse = null;
          bindings.release(customerPattern());
          if (needs.isEmpty() && fine.isEmpty()) {
            customers.remove(id);
          }
        }
      });
    }

    Future<Void> active(UUID chat) {
      Future<Void> perChat = fine.get(chat);
      if (perChat != null && perChat.succeeded() || coarse != null && coarse.succeeded()) {
        return Future.succeededFuture();
      }
      List<Future<Void>> ways = new ArrayList<>();
      if (perChat != null) {
        ways.add(perChat);
      }
      if (coarse != null) {
        ways.add(coarse);
      }
      return ways.isEmpty() ? Future.succeededFuture() : Future.any(ways).mapEmpty();
    }
  }

  /**
   * @param maxChats per customer, the chats bound one by one; one more binds the customer's stream instead, until
   *                 the count falls to half of it
   */
  public ChatBindings(Bindings bindings, Memberships memberships, Channels channels, int maxChats) {
    this.bindings = bindings;
    this.memberships = memberships;
    this.channels = channels;
    this.maxChats = maxChats;
    this.lowChats = maxChats / 2;
    memberships.onChange((agent, chat, added) -> {
      UUID customer = customerOf.get(agent);
      if (customer != null) {
        change(customer, chat, added);
      }
    });
    channels.onChange((customer, chat, added) -> {
      if (managers.containsKey(customer)) {
        change(customer, chat, added);
      }
    });
  }

  /**
   * The session holds these topics from now on (each once per session); completes when every chat they need now is
   * bound (later chats are bound as they come).
   */
  public Future<Void> hold(Actor actor, Collection<Topic> topics) {
    UUID customer = actor.customerId();
    List<UUID> chats = new ArrayList<>();
    for (Topic t : topics) {
      if (t.isSingleChat()) {
        change(customer, t.chatId(), true);
        chats.add(t.chatId());
        continue;
      }
      if (wideAgents.merge(actor.ownerId(), 1, Integer::sum) == 1) {
        customerOf.put(actor.ownerId(), customer);
        memberships.chatsOf(actor.ownerId()).forEach(c -> change(customer, c, true));
        // the agent's own stream (EventType#agentStream) travels as <customer>.<agent>.<type>: bound like a chat
        change(customer, actor.ownerId(), true);
      }
      chats.addAll(memberships.chatsOf(actor.ownerId()));
      chats.add(actor.ownerId());
      if (t.scope() == Topic.Scope.CUSTOMER) {
        if (managers.merge(customer, 1, Integer::sum) == 1) {
          channels.of(customer).forEach(c -> change(customer, c, true));
        }
        chats.addAll(channels.of(customer));
      }
    }
    List<Future<Void>> bound = new ArrayList<>();
    for (UUID chat : chats) {
      Future<Void> f = active(customer, chat);
      if (!f.succeeded()) {
        bound.add(f);
      }
    }
    return Future.all(bound).mapEmpty();
  }

  /** The session no longer holds these topics (it held each of them). */
  public void release(Actor actor, Collection<Topic> topics) {
    UUID customer = actor.customerId();
    for (Topic t : topics) {
      if (t.isSingleChat()) {
        change(customer, t.chatId(), false);
        continue;
      }
      if (t.scope() == Topic.Scope.CUSTOMER && decrement(managers, customer)) {
        channels.of(customer).forEach(c -> change(customer, c, false));
      }
      if (decrement(wideAgents, actor.ownerId())) {
        memberships.chatsOf(actor.ownerId()).forEach(c -> change(customer, c, false));
        change(customer, actor.ownerId(), false);
        customerOf.remove(actor.ownerId());
      }
    }
  }

  /**
   * Completes once events of the chat published from now on reach this instance (at once when they already do, or
   * when nothing here needs the chat).
   */
  public Future<Void> active(UUID customerId, UUID chatId) {
    Customer c = customers.get(customerId);
    return c == null ? Future.succeededFuture() : c.active(chatId);
  }

  /** Chats needed by this instance's sessions for the customer. */
  public int chatsNeeded(UUID customerId) {
    Customer c = customers.get(customerId);
    return c == null ? 0 : c.needs.size();
  }

  /** Whether the customer's whole stream is bound here instead of its chats. */
  public boolean coarse(UUID customerId) {
    Customer c = customers.get(customerId);
    return c != null && c.coarseMode;
  }

  /** Customers whose whole stream is bound here. */
  public int coarseCustomers() {
    return (int) customers.values().stream().filter(c -> c.coarseMode).count();
  }

  /** Switches between per-chat and per-customer bindings so far. */
  public long switches() {
    return switches;
  }

  private void change(UUID customer, UUID chat, boolean added) {
    if (added) {
      customers.computeIfAbsent(customer, Customer::new).need(chat);
    } else {
      Customer c = customers.get(customer);
      if (c != null) {
        c.unneed(chat);
      }
    }
  }

  private static boolean decrement(Map<UUID, Integer> counts, UUID key) {
    Integer n = counts.get(key);
    if (n == null) {
      return false;
    }
    if (n > 1) {
      counts.put(key, n - 1);
      return false;
    }
    counts.remove(key);
    return true;
  }
}
