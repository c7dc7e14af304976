package io.talkmesh.push.delivery;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Sets of chat ids kept per key (an agent's chats, a customer's public channels): loaded from talk-manager, then kept
 * current by the events this instance always receives for what it tracks. Changes that arrive while a load is in
 * flight are recorded and replayed over the loaded set, so the result is right whichever came first. A reload
 * ({@link #refresh}) is coalesced: at most one fetch in flight and one queued per key, however many callers ask, so a
 * flood of checks costs at most two fetches per round trip. Every change of what {@link #contains} answers (a load,
 * a reload, a change, a forget) is told to the {@link Listener}, once per (key, chat) that appears or disappears, so
 * indexes built over the sets (chat to agents, chat to bindings) stay exact. Lives on one event loop; not thread-safe.
 */
public final class TrackedSets {
  /** Told when {@code chatId} enters or leaves the visible set of {@code key}. */
  public interface Listener {
    void changed(UUID key, UUID chatId, boolean added);
  }

  private final Map<UUID, Entry> entries = new HashMap<>();
  private Listener listener = (k, c, a) -> { };

  void listener(Listener listener) {
    this.listener = listener;
  }

  private static final class Entry {
    Set<UUID> ids = new HashSet<>();
    boolean ready;
    final List<List<Change>> recorders = new ArrayList<>();
    Future<Void> inFlight;
    Future<Void> queued;
  }

  private record Change(UUID chatId, boolean added) {
  }

  /** Loads the key's set unless it is loaded or loading; completes once {@link #contains} is exact. */
  Future<Void> load(UUID key, Supplier<Future<Collection<UUID>>> fetch) {
    Entry e = entries.computeIfAbsent(key, k -> new Entry());
    if (e.ready) {
      return Future.succeededFuture();
    }
    return e.inFlight != null ? e.inFlight : start(key, e, fetch);
  }

  /**
   * Fetches the key's set again, starting after the caller asked (a fetch already in flight may have read before the
   * change the caller knows of, so the caller waits for the next one, which every caller meanwhile shares).
   */
  Future<Void> refresh(UUID key, Supplier<Future<Collection<UUID>>> fetch) {
    Entry e = entries.computeIfAbsent(key, k -> new Entry());
    if (e.inFlight == null) {
      return start(key, e, fetch);
    }
    if (e.queued == null) {
      e.queued = e.inFlight.transform(ar -> entries.get(key) == e ? start(key, e, fetch) : Future.succeededFuture());
    }
    return e.queued;
  }

  private Future<Void> start(UUID key, Entry e, Supplier<Future<Collection<UUID>>> fetch) {
    e.queued = null;
    List<Change> pending = new ArrayList<>();
    e.recorders.add(pending);
    Future<Void> f = fetch.get()
        .<Void>map(ids -> {
          e.recorders.remove(pending);
          Set<UUID> fresh = new HashSet<>(ids);
          pending.forEach(c -> apply(fresh, c));
          Set<UUID> visible = e.ready && entries.get(key) == e ? e.ids : Set.of();
          e.ids = fresh;
          boolean tracked = entries.get(key) == e;
          e.ready = true;
          if (tracked) {
            for (UUID old : visible) {
              if (!fresh.contains(old)) {
                listener.changed(key, old, false);
              }
            }
            for (UUID now : fresh) {
              if (!visible.contains(now)) {
                listener.changed(key, now, true);
              }
            }
          }
          return null;
        })
        .onFailure(err -> e.recorders.remove(pending));
    e.inFlight = f;
    f.onComplete(ar -> {
      if (e.inFlight == f) {
        e.inFlight = null;
      }
    });
    return f;
  }

  void forget(UUID key) {
    Entry e = entries.remove(key);
    if (e != null && e.ready) {
      e.ids.forEach(chat -> listener.changed(key, chat, false));
    }
  }

  /** Forgets everything: after events may have been missed (a lost broker connection), every set is reloaded. */
  void clear() {
    keys().forEach(this::forget);
  }

  boolean contains(UUID key, UUID chatId) {
    Entry e = entries.get(key);
    return e != null && e.ready && e.ids.contains(chatId);
  }

  boolean tracks(UUID key) {
    return entries.containsKey(key);
  }

  Collection<UUID> keys() {
    return List.copyOf(entries.keySet());
  }

  /** The visible set of the key (empty until loaded); do not modify. */
  Set<UUID> of(UUID key) {
    Entry e = entries.get(key);
    return e != null && e.ready ? java.util.Collections.unmodifiableSet(e.ids) : Set.of();
  }

  void change(UUID key, UUID chatId, boolean added) {
    Entry e = entries.get(key);
    if (e == null) {
      return;
    }
    Change change = new Change(chatId, added);
    boolean changed = apply(e.ids, change);
    e.recorders.forEach(r -> r.add(change));
    if (changed && e.ready) {
      listener.changed(key, chatId, added);
    }
  }

  private static boolean apply(Set<UUID> ids, Change change) {
    return change.added() ? ids.add(change.chatId()) : ids.remove(change.chatId());
  }
}
