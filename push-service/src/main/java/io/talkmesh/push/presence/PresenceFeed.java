package io.talkmesh.push.presence;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Presence;
import io.talkmesh.push.delivery.Bindings;
import io.talkmesh.push.delivery.Subscriber;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Presence frames for this instance's presence subscribers (docs/websocket.md, "Presence"). Every agent of a customer
 * may see the presence of every other (as it may list them); a session subscribes once for its whole customer. The
 * instance binds {@code <customer>.*.agent_presence_updated} while one of its sessions of that customer subscribes,
 * collects the changes per customer (per agent only the newest), and on each tick writes them as one frame, encoded
 * once per customer, to each subscriber: a subscriber receives at most one frame per tick (more only when over
 * {@link #MAX_ENTRIES} agents changed in it), however many chats the changing agents are in. Lives on one event loop.
 */
public final class PresenceFeed {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PresenceFeed.class);
  /** The push frame's type. */
  public static final String FRAME = "presence";
  /** Entries per frame; more changes in one tick go out as several frames. */
  public static final int MAX_ENTRIES = 250;
  /** Sessions written to per turn of the event loop. */
  static final int WRITE_BATCH = 500;

  private final Bindings bindings;
  private final java.util.function.Consumer<Runnable> later;
  private final Map<UUID, Set<Subscriber>> subscribers = new HashMap<>();
  private final Map<UUID, Map<UUID, Presence>> pending = new HashMap<>();
  private long events;
  private long frames;
  private long entries;

  /** @param later runs a task on a later turn of this feed's event loop ({@code context::runOnContext}) */
  public PresenceFeed(Bindings bindings, java.util.function.Consumer<Runnable> later) {
    this.bindings = bindings;
    this.later = later;
  }

  /** The binding pattern of a customer's presence changes. */
  public static String pattern(UUID customerId) {
    return customerId + ".*." + EventType.AGENT_PRESENCE_UPDATED.wire();
  }

  /** Subscribes the session to its customer's presence; completes once the changes are bound to this instance. */
  public Future<Void> subscribe(Subscriber session) {
    UUID customer = session.actor().customerId();
    boolean fresh = subscribers.computeIfAbsent(customer, c -> new LinkedHashSet<>()).add(session);
    String pattern = pattern(customer);
    Future<Void> bound = fresh ? bindings.acquire(pattern) : bindings.ensure(pattern);
    return bound.onFailure(err -> unsubscribe(session));
  }

  /** Whether the session subscribes to presence. */
  public boolean subscribed(Subscriber session) {
    return subscribers.getOrDefault(session.actor().customerId(), Set.of()).contains(session);
  }

  /** The session stops receiving presence (unsubscribed, or closed). */
  public void unsubscribe(Subscriber session) {
    UUID customer = session.actor().customerId();
    Set<Subscriber> sessions = subscribers.get(customer);
    if (sessions == null || !sessions.remove(session)) {
      return;
    }
    bindings.release(pattern(customer));
    if (sessions.isEmpty()) {
      subscribers.remove(customer);
      pending.remove(customer);
    }
  }

  /** A presence event from the exchange: kept for the next tick (an older change of the same agent is dropped). */
  public void onEvent(Event event) {
    Optional<Presence> decoded = Event.decodeData(event.data(), Presence::fromJson);
    if (decoded.isEmpty()) {
      return;
    }
    events++;
    Presence change = decoded.get();
    if (!subscribers.containsKey(change.customerId())) {
      return;
    }
    pending.computeIfAbsent(change.customerId(), c -> new LinkedHashMap<>()).merge(change.agentId(), change,
        (held, next) -> newer(next, held) ? next : held);
  }

  /**
   * Writes the changes collected since the last tick to their subscribers; how many frames it writes. The pending
   * changes are taken first, and a session that fails to take its frame fails alone: a tick never repeats a change.
   * The frames go out {@link #WRITE_BATCH} sessions per turn of the event loop, so a customer of 16,000 subscribers
   * does not hold back the chat events behind one tick (about 20 µs per frame: a third of a second at once).
   */
  public int tick() {
    int scheduled = 0;
    Map<UUID, Map<UUID, Presence>> due = new HashMap<>(pending);
    pending.clear();
    for (Map.Entry<UUID, Map<UUID, Presence>> customer : due.entrySet()) {
      Set<Subscriber> sessions = subscribers.get(customer.getKey());
      if (sessions == null || sessions.isEmpty()) {
        continue;
      }
      List<Subscriber> targets = new ArrayList<>(sessions);
      for (String frame : frames(customer.getValue().values())) {
        write(frame, targets, 0);
        scheduled += targets.size();
      }
      entries += (long) customer.getValue().size() * targets.size();
    }
    return scheduled;
  }

  private void write(String frame, List<Subscriber> targets, int from) {
    int to = Math.min(targets.size(), from + WRITE_BATCH);
    for (int i = from; i < to; i++) {
      Subscriber session = targets.get(i);
      try {
        session.push(frame);
        frames++;
      } catch (RuntimeException e) {
        LOG.debug("a presence frame could not be written to a session of agent {}: {}", session.actor().ownerId(),
            e.toString());
      }
    }
    if (to < targets.size()) {
      later.accept(() -> write(frame, targets, to));
    }
  }

  /** The changes as frames of at most {@link #MAX_ENTRIES} entries each, encoded once. */
  static List<String> frames(java.util.Collection<Presence> changes) {
    List<String> frames = new ArrayList<>();
    JsonArray agents = new JsonArray();
    for (Presence change : changes) {
      agents.add(change.toEntry());
      if (agents.size() == MAX_ENTRIES) {
        frames.add(frame(agents));
        agents = new JsonArray();
      }
    }
    if (!agents.isEmpty()) {
      frames.add(frame(agents));
    }
    return frames;
  }

  private static String frame(JsonArray agents) {
    return new JsonObject().put("type", FRAME).put("data", new JsonObject().put("agents", agents)).encode();
  }

  /** Whether {@code a} is a later change than {@code b} (their tm_presence; an unknown time is the oldest). */
  private static boolean newer(Presence a, Presence b) {
    if (a.tmPresence() == null) {
      return false;
    }
    return b.tmPresence() == null || !a.tmPresence().isBefore(b.tmPresence());
  }

  /** Presence events taken from the broker. */
  public long events() {
    return events;
  }

  /** Presence frames written to sessions. */
  public long frames() {
    return frames;
  }

  /** Entries written, summed over subscribers. */
  public long entries() {
    return entries;
  }

  /** Sessions subscribed to presence here. */
  public int subscribers() {
    return subscribers.values().stream().mapToInt(Set::size).sum();
  }
}
