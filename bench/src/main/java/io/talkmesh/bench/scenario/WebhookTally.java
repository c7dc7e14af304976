package io.talkmesh.bench.scenario;

import io.talkmesh.bench.measure.Latency;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the webhooks scenario's receiver got, delivery by delivery: deduplicated by (endpoint, event id), since
 * delivery is at least once; a delivery whose signature does not verify is counted and otherwise ignored. The events
 * measured are those of the load's chats after each chat's {@code seq} when the window opened ({@link #measure}); for
 * them the first delivery to each endpoint gives the latency from the event's commit ({@code time} in the payload, same
 * host clock) and from the moment its POST was due, and a lower {@code seq} than the endpoint's last one of the chat
 * counts as out of order (the service promises {@code seq} order per endpoint and chat). Safe from any thread.
 */
public final class WebhookTally {
  /** One POST as received: its signature checked, its payload's fields, the receipt times. */
  public record Delivery(int endpoint, String eventId, String headerEventId, String chatId, long seq, long committedMicros,
                         long receivedMicros, Long dueNanos, long receivedNanos, boolean signatureOk) {
  }

  private final Set<String> seen = new HashSet<>();
  private final Map<String, Long> lastSeq = new HashMap<>();
  private Map<String, Long> boundaries = Map.of();
  private final Latency committedToReceipt = new Latency();
  private final Latency dueToReceipt = new Latency();
  private long posts;
  private long signatureFailures;
  private long idMismatches;
  private long duplicates;
  private long measured;
  private long outOfOrder;
  private long other;
  private long lastMeasuredNanos;

  /** From now on, events of these chats with a {@code seq} above the chat's value here are the measured ones. */
  public synchronized void measure(Map<String, Long> seqAtStart) {
    boundaries = Map.copyOf(seqAtStart);
  }

  public synchronized void record(Delivery d) {
    posts++;
    if (!d.signatureOk()) {
      signatureFailures++;
      return;
    }
    if (!d.eventId().equals(d.headerEventId())) {
      idMismatches++;
    }
    if (!seen.add(d.endpoint() + "/" + d.eventId())) {
      duplicates++;
      return;
    }
    Long boundary = d.chatId() == null ? null : boundaries.get(d.chatId());
    if (boundary == null || d.seq() <= boundary) {
      other++;
      return;
    }
    measured++;
    lastMeasuredNanos = Math.max(lastMeasuredNanos, d.receivedNanos());
    committedToReceipt.recordNanos((d.receivedMicros() - d.committedMicros()) * 1000);
    if (d.dueNanos() != null) {
      dueToReceipt.recordNanos(d.receivedNanos() - d.dueNanos());
    }
    Long last = lastSeq.put(d.endpoint() + "/" + d.chatId(), d.seq());
    if (last != null && d.seq() < last) {
      outOfOrder++;
    }
  }

  /** First deliveries of measured events so far, over every endpoint. */
  public synchronized long measured() {
    return measured;
  }

  /** {@link System#nanoTime()} of the last first delivery of a measured event (0: none yet). */
  public synchronized long lastMeasuredNanos() {
    return lastMeasuredNanos;
  }

  /** Whether {@code endpoint} has received any verified delivery. */
  public synchronized boolean reached(int endpoint) {
    String prefix = endpoint + "/";
    return seen.stream().anyMatch(key -> key.startsWith(prefix));
  }

  /** {@code (endpoint, event id)} pairs of {@code expected} × endpoints {@code 0 … endpoints-1} never received. */
  public synchronized JsonObject missing(Collection<String> expected, int endpoints) {
    long count = 0;
    JsonArray sample = new JsonArray();
    for (int e = 0; e < endpoints; e++) {
      for (String id : expected) {
        if (!seen.contains(e + "/" + id)) {
          count++;
          if (sample.size() < 10) {
            sample.add(e + "/" + id);
          }
        }
      }
    }
    return new JsonObject().put("expected", (long) expected.size() * endpoints).put("missing", count).put("sample", sample);
  }

  public synchronized JsonObject toJson() {
    return new JsonObject().put("posts", posts).put("delivered", measured).put("duplicates", duplicates)
        .put("signature_failures", signatureFailures).put("event_id_mismatches", idMismatches)
        .put("out_of_order", outOfOrder).put("other_events", other)
        .put("committed_to_receipt", committedToReceipt.toJson()).put("due_to_receipt", dueToReceipt.toJson());
  }
}
