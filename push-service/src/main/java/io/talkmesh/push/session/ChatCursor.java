package io.talkmesh.push.session;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Where one session stands in one chat it resumed: the last seq the client has. While missed events are fetched
 * from talk-manager's event log ({@link Resume}) the live events of the chat are held here, at most
 * {@code maxBuffered}; once caught up, live events pass through, repeats (seq at or below the last) are dropped and
 * a jump in seq sends the cursor back to catching up, so the client never sees a gap, a repeat or a reordering.
 */
public final class ChatCursor<T> {
  /** What to do with a live event. */
  public enum Verdict { DELIVER, DROP, HELD, GAP, OVERFLOW }

  private final UUID chatId;
  private final int maxBuffered;
  private final TreeMap<Long, T> held = new TreeMap<>();
  private long last;
  private boolean catchingUp = true;
  private final boolean internal;

  public ChatCursor(UUID chatId, long last, int maxBuffered) {
    this(chatId, last, maxBuffered, false);
  }

  /** @param internal started by the instance itself (a chat whose binding was being made), not by a client resume */
  public ChatCursor(UUID chatId, long last, int maxBuffered, boolean internal) {
    this.chatId = chatId;
    this.last = last;
    this.maxBuffered = maxBuffered;
    this.internal = internal;
  }

  /** Whether the instance started this catch-up itself: the client asked for nothing and is sent no "resumed". */
  public boolean internal() {
    return internal;
  }

  public UUID chatId() {
    return chatId;
  }

  public long last() {
    return last;
  }

  public boolean catchingUp() {
    return catchingUp;
  }

  /** Decides about a live event; a GAP or a HELD event is kept for the catch-up. */
  public Verdict offer(long seq, T event) {
    if (seq <= last) {
      return Verdict.DROP;
    }
    if (!catchingUp && seq == last + 1) {
      return Verdict.DELIVER;
    }
    if (held.size() >= maxBuffered) {
      return Verdict.OVERFLOW;
    }
    held.put(seq, event);
    if (catchingUp) {
      return Verdict.HELD;
    }
    catchingUp = true;
    return Verdict.GAP;
  }

  /** An event was sent to the client. */
  public void delivered(long seq) {
    last = seq;
  }

  /** True when the held live events continue the client's sequence without a hole (or nothing is held). */
  public boolean joinsLive() {
    held.headMap(last, true).clear();
    return held.isEmpty() || held.firstKey() == last + 1 && held.lastKey() - last == held.size();
  }

  /** Ends the catch-up: the held events, in seq order, to send now; afterwards live events pass through. */
  public List<T> goLive() {
    catchingUp = false;
    List<T> flush = new ArrayList<>(held.values());
    held.clear();
    return flush;
  }
}
