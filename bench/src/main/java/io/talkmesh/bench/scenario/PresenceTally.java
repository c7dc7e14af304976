package io.talkmesh.bench.scenario;

import io.talkmesh.bench.measure.Latency;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches the presence changes the scenario asked for with the entries its observed subscribers receive. A change is
 * expected as (agent, presence) from the moment its request was due; the first entry of that agent with that
 * presence and a {@code tm_presence} not seen before is the change arriving, and its delay from the request to the
 * first observer that sees it, its spread to the last observer and its delay from {@code tm_presence} (the server's
 * clock of the change; the same machine's) to the first sighting are recorded, and how often an observer saw it again. Entries of an agent with no change
 * pending are unexpected; those of a "quiet" agent (page reloads, which must change nothing) are flaps. Only changes
 * marked measured (due in the measured window) count in {@link #toJson}. Thread-safe: observers call from several
 * event loops.
 */
public final class PresenceTally {
  private record Pending(String presence, long dueNanos, String kind, boolean measured) {
  }

  private static final class Change {
    final String kind;
    final boolean measured;
    final long dueNanos;
    final long firstNanos;
    final long serverNanos;
    final BitSet observers = new BitSet();
    long lastNanos;
    int duplicates;

    Change(Pending pending, int observer, long firstNanos, long serverNanos) {
      this.kind = pending.kind();
      this.measured = pending.measured();
      this.dueNanos = pending.dueNanos();
      this.firstNanos = firstNanos;
      this.lastNanos = firstNanos;
      this.serverNanos = serverNanos;
      observers.set(observer);
    }

    void seenBy(int observer, long nanos) {
      if (observers.get(observer)) {
        duplicates++;
      } else {
        observers.set(observer);
        lastNanos = Math.max(lastNanos, nanos);
      }
    }
  }

  private final Map<String, Pending> pending = new HashMap<>();
  private final Map<String, Change> changes = new HashMap<>();
  private final Map<String, Long> requested = new LinkedHashMap<>();
  private final Set<String> quiet = new HashSet<>();
  private final Set<String> flaps = new HashSet<>();
  private final Set<String> unexpected = new HashSet<>();
  private boolean measuring;

  /** Entries seen from now on count as the measured window's flaps and unexpected entries (or stop doing so). */
  public synchronized void measuring(boolean on) {
    measuring = on;
  }

  /** A change of {@code agentId} to {@code presence} requested at {@code dueNanos}; replaces one still pending. */
  public synchronized void expect(String agentId, String presence, long dueNanos, String kind, boolean measured) {
    pending.put(agentId, new Pending(presence, dueNanos, kind, measured));
    if (measured) {
      requested.merge(kind, 1L, Long::sum);
    }
  }

  /** An agent whose presence must not change (its reloads are within the offline grace). */
  public synchronized void quiet(String agentId) {
    quiet.add(agentId);
  }

  /**
   * An entry observer number {@code observer} received at {@code nanos} ({@link System#nanoTime()}), {@code at} on
   * the wall clock. The same change seen again by the same observer is a duplicate.
   */
  public synchronized void seen(PresenceFrames.Entry entry, int observer, long nanos, Instant at) {
    String key = entry.agentId() + "|" + entry.tmPresence();
    Change known = changes.get(key);
    if (known != null) {
      known.seenBy(observer, nanos);
      return;
    }
    Pending p = pending.get(entry.agentId());
    if (p != null && p.presence().equals(entry.presence())) {
      pending.remove(entry.agentId());
      long server = entry.tmPresence() == null ? -1 : Math.max(0, Duration.between(entry.tmPresence(), at).toNanos());
      changes.put(key, new Change(p, observer, nanos, server));
      return;
    }
    if (measuring) {
      (quiet.contains(entry.agentId()) ? flaps : unexpected).add(key);
    }
  }

  /**
   * Per kind requested (measured), {@code {"requested", "seen", "missing", "request_to_first", "first_to_last",
   * "tm_presence_to_first", "observers_min", "duplicates"}} (latencies as {@link Latency#toJson}; first to last is to
   * the last observer's first sighting; observers_min the fewest observers that saw one of the changes; duplicates
   * the sightings of a change by an observer that had seen it already), and
   * {@code "flaps"} and {@code "unexpected"}: distinct transitions seen while measuring.
   */
  public synchronized JsonObject toJson() {
    Map<String, List<Change>> byKind = new LinkedHashMap<>();
    requested.keySet().forEach(kind -> byKind.put(kind, new ArrayList<>()));
    for (Change c : changes.values()) {
      if (c.measured) {
        byKind.computeIfAbsent(c.kind, k -> new ArrayList<>()).add(c);
      }
    }
    JsonObject out = new JsonObject();
    for (Map.Entry<String, List<Change>> kind : byKind.entrySet()) {
      Latency first = new Latency();
      Latency spread = new Latency();
      Latency server = new Latency();
      int min = Integer.MAX_VALUE;
      long duplicates = 0;
      for (Change c : kind.getValue()) {
        first.recordNanos(c.firstNanos - c.dueNanos);
        spread.recordNanos(c.lastNanos - c.firstNanos);
        if (c.serverNanos >= 0) {
          server.recordNanos(c.serverNanos);
        }
        min = Math.min(min, c.observers.cardinality());
        duplicates += c.duplicates;
      }
      long asked = requested.getOrDefault(kind.getKey(), 0L);
      long missing = pending.values().stream().filter(p -> p.measured() && p.kind().equals(kind.getKey())).count();
      out.put(kind.getKey(), new JsonObject().put("requested", asked).put("seen", kind.getValue().size())
          .put("missing", missing).put("request_to_first", first.toJson()).put("first_to_last", spread.toJson())
          .put("tm_presence_to_first", server.toJson())
          .put("observers_min", kind.getValue().isEmpty() ? null : min).put("duplicates", duplicates));
    }
    return out.put("flaps", flaps.size()).put("unexpected", unexpected.size());
  }
}
