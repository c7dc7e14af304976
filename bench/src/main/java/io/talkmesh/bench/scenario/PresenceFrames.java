package io.talkmesh.bench.scenario;

import io.talkmesh.bench.measure.Latency;
import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The presence frames every subscriber of the presence scenario receives: counted while {@link #counting} is on
 * (frames, entries, characters, per subscriber too), without parsing them, so that thousands of subscribers cost the
 * load generator a substring count each; {@link #parse} gives the entries of the few frames that are read in full.
 * Push-service sends a subscriber at most one frame per second, of at most {@link #MAX_ENTRIES} entries (more in the
 * same second go into further frames at once): a gap shorter than {@link #SHORT_GAP_NANOS} after a frame that was
 * not full is counted as a short gap.
 */
public final class PresenceFrames {
  public static final int MAX_ENTRIES = 250;
  /** Shorter than the server's one second by more than its timer's and this client's jitter. */
  public static final long SHORT_GAP_NANOS = 500_000_000L;
  private static final String TYPE = "\"type\":\"presence\"";
  private static final String ENTRY = "\"agent_id\"";

  /** One agent's presence as a frame carries it. */
  public record Entry(String agentId, String presence, String status, Instant tmPresence) {
  }

  private final Queue<Subscriber> subscribers = new ConcurrentLinkedQueue<>();
  private final LongAdder frames = new LongAdder();
  private final LongAdder entries = new LongAdder();
  private final LongAdder chars = new LongAdder();
  private final LongAdder others = new LongAdder();
  private volatile boolean counting;
  private volatile long maxEntries;
  private volatile long maxChars;
  private volatile long lastNanos = System.nanoTime();

  /** A new subscriber's counter; {@code steady} marks one connected for the whole window (its rate is reported). */
  public Subscriber subscriber(boolean steady) {
    Subscriber s = new Subscriber(steady);
    subscribers.add(s);
    return s;
  }

  /** Starts counting (the counters are cleared) or stops. */
  public void counting(boolean on) {
    if (on) {
      frames.reset();
      entries.reset();
      chars.reset();
      others.reset();
      maxEntries = 0;
      maxChars = 0;
      subscribers.forEach(Subscriber::reset);
    }
    counting = on;
  }

  /** When the last presence frame arrived on any subscriber (counting or not), {@link System#nanoTime()}. */
  public long lastFrameNanos() {
    return lastNanos;
  }

  /** True for a presence frame (the server writes {@code "type":"presence"} first, without spaces). */
  public static boolean isPresence(String frame) {
    return frame.contains(TYPE);
  }

  /** The entries of a frame, by count of their {@code "agent_id"} keys. */
  public static int countEntries(String frame) {
    int n = 0;
    for (int at = frame.indexOf(ENTRY); at >= 0; at = frame.indexOf(ENTRY, at + ENTRY.length())) {
      n++;
    }
    return n;
  }

  /** Every entry of a presence frame; an entry without a {@code tm_presence} has null there. */
  public static List<Entry> parse(String frame) {
    JsonArray agents = new JsonObject(frame).getJsonObject("data", new JsonObject()).getJsonArray("agents", new JsonArray());
    List<Entry> out = new ArrayList<>(agents.size());
    for (Object o : agents) {
      JsonObject a = (JsonObject) o;
      String tm = a.getString("tm_presence", "");
      out.add(new Entry(a.getString("agent_id"), a.getString("presence"), a.getString("status"), time(tm)));
    }
    return out;
  }

  /** The API's {@code YYYY-MM-DD HH:MM:SS.ffffff}, or ISO-8601 ({@code 2026-12-03T14:00:00.123456Z}); "" is null. */
  static Instant time(String text) {
    return text.indexOf('T') > 0 ? Instant.parse(text) : Timestamps.parse(text);
  }

  /**
   * {@code {"frames", "entries", "chars", "other_frames", "per_second", "entries_per_second", "entries_per_frame",
   * "max_entries_per_frame", "chars_per_frame", "max_chars_per_frame", "steady_subscribers",
   * "per_subscriber": {"frames_per_second_mean", "frames_max", "frames_per_second_max", "short_gaps"}}} over a window
   * of {@code seconds}. A subscriber sent one frame a second gets ⌊seconds⌋ or ⌊seconds⌋ + 1 of them in the window
   * (it need not start on the subscriber's tick), so its rate is taken as (frames − 1) / seconds, leaving out the
   * further frames a full one allows: at most 1 by design; the mean and the busiest subscriber's are given.
   */
  public JsonObject toJson(double seconds) {
    long f = frames.sum();
    long e = entries.sum();
    long c = chars.sum();
    long steady = 0;
    double rates = 0;
    long max = 0;
    double maxRate = 0;
    long shortGaps = 0;
    for (Subscriber s : subscribers) {
      long[] counts = s.counts();
      shortGaps += counts[2];
      if (!s.steady) {
        continue;
      }
      steady++;
      double rate = Math.max(0, counts[0] - 1 - counts[1]) / seconds;
      rates += rate;
      max = Math.max(max, counts[0]);
      maxRate = Math.max(maxRate, rate);
    }
    JsonObject perSubscriber = new JsonObject()
        .put("frames_per_second_mean", steady > 0 && seconds > 0 ? Latency.round(rates / steady) : null)
        .put("frames_max", max).put("frames_per_second_max", steady > 0 && seconds > 0 ? Latency.round(maxRate) : null)
        .put("short_gaps", shortGaps);
    return new JsonObject().put("frames", f).put("entries", e).put("chars", c).put("other_frames", others.sum())
        .put("per_second", rate(f, seconds)).put("entries_per_second", rate(e, seconds))
        .put("entries_per_frame", f > 0 ? Latency.round(e / (double) f) : null).put("max_entries_per_frame", maxEntries)
        .put("chars_per_frame", f > 0 ? Latency.round(c / (double) f) : null).put("max_chars_per_frame", maxChars)
        .put("steady_subscribers", steady).put("per_subscriber", perSubscriber);
  }

  private static Double rate(long n, double seconds) {
    return seconds > 0 ? Latency.round(n / seconds) : null;
  }

  private synchronized void max(long entryCount, long length) {
    maxEntries = Math.max(maxEntries, entryCount);
    maxChars = Math.max(maxChars, length);
  }

  /** One socket's frames; called on the socket's event loop only. */
  public final class Subscriber {
    private final boolean steady;
    private long frames;
    private long fullFrames;
    private long shortGaps;
    private long lastNanos = Long.MIN_VALUE;
    private boolean lastFull;

    private Subscriber(boolean steady) {
      this.steady = steady;
    }

    /** Frames, full frames and short gaps counted. */
    private synchronized long[] counts() {
      return new long[] {frames, fullFrames, shortGaps};
    }

    private synchronized void reset() {
      frames = 0;
      fullFrames = 0;
      shortGaps = 0;
    }

    /** A frame received at {@code nanos}; answers its entries (0 for a frame that is not presence). */
    public synchronized int frame(String text, long nanos) {
      if (!isPresence(text)) {
        if (counting) {
          others.increment();
        }
        return 0;
      }
      int n = countEntries(text);
      PresenceFrames.this.lastNanos = nanos;
      boolean shortGap = lastNanos != Long.MIN_VALUE && nanos - lastNanos < SHORT_GAP_NANOS && !lastFull;
      lastNanos = nanos;
      lastFull = n >= MAX_ENTRIES;
      if (counting) {
        frames++;
        fullFrames += lastFull ? 1 : 0;
        shortGaps += shortGap ? 1 : 0;
        PresenceFrames.this.frames.increment();
        entries.add(n);
        chars.add(text.length());
        if (n > maxEntries || text.length() > maxChars) {
          max(n, text.length());
        }
      }
      return n;
    }
  }
}
