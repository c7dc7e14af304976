package io.talkmesh.bench.scenario;

import java.time.Duration;
import java.util.List;

/**
 * Which presence change the i-th tick of the presence scenario's open loop makes, to which agent of which pool. Ticks
 * follow {@link #PATTERN} (half status changes, three eighths connection churn, one eighth page reloads); each kind
 * walks its pool round-robin, and each pool is sized so that one agent's actions are at least the kind's gap apart at
 * the loop's rate: a status change is seen before the agent's next, and a closed socket stays closed past the
 * offline grace (3 s) and its flush, so each close shows as offline and each reopen as online again.
 * <p>
 * Agent {@code j}'s actions alternate, the first being the opposite of {@link #initiallyOn}: status pool agents start
 * available (even j) or away (odd j); churn pool agents start connected (even j) or closed (odd j); reload agents are
 * always connected and available, and each reload (a close and an immediate reopen, within the grace) must change
 * nothing.
 */
public final class PresenceMix {
  /** What a tick does. */
  public enum Kind {
    /** {@code PUT /v1.0/service_agents/me/status}: available when {@link Action#on()}, away otherwise. */
    STATUS,
    /** The agent's socket opens ({@link Action#on()}) or closes, and stays so until its next action. */
    CHURN,
    /** The agent's socket closes and reopens at once: presence must not change. */
    RELOAD
  }

  /** A tick's action: for STATUS on = set available, for CHURN on = open; RELOAD ignores it. */
  public record Action(Kind kind, int agent, boolean on) {
  }

  public static final List<Kind> PATTERN = List.of(Kind.STATUS, Kind.CHURN, Kind.STATUS, Kind.CHURN, Kind.STATUS,
      Kind.CHURN, Kind.STATUS, Kind.RELOAD);

  private final int statusPool;
  private final int churnPool;
  private final int reloadPool;

  /**
   * @param rate      ticks per second
   * @param statusGap least time between two status changes of one agent
   * @param churnGap  least time between two socket actions of one agent (churn and reload)
   */
  public PresenceMix(double rate, Duration statusGap, Duration churnGap) {
    this.statusPool = pool(rate, Kind.STATUS, statusGap);
    this.churnPool = pool(rate, Kind.CHURN, churnGap);
    this.reloadPool = pool(rate, Kind.RELOAD, churnGap);
  }

  /** The share of the ticks {@code kind} takes. */
  public static double share(Kind kind) {
    return PATTERN.stream().filter(k -> k == kind).count() / (double) PATTERN.size();
  }

  public int poolSize(Kind kind) {
    return switch (kind) {
      case STATUS -> statusPool;
      case CHURN -> churnPool;
      case RELOAD -> reloadPool;
    };
  }

  /** Agents in the three pools together. */
  public int pooled() {
    return statusPool + churnPool + reloadPool;
  }

  /** The action of tick {@code i} (0, 1, 2, … across warm-up and window). */
  public Action at(long i) {
    Kind kind = PATTERN.get((int) (i % PATTERN.size()));
    long occurrence = i / PATTERN.size() * occurrences(kind, PATTERN.size()) + occurrences(kind, (int) (i % PATTERN.size()));
    int pool = poolSize(kind);
    int agent = (int) (occurrence % pool);
    long pass = occurrence / pool;
    return new Action(kind, agent, (pass + agent) % 2 == 1);
  }

  /** The state an agent of a pool starts in: available (STATUS), connected (CHURN); RELOAD agents always are both. */
  public static boolean initiallyOn(Kind kind, int agent) {
    return kind == Kind.RELOAD || agent % 2 == 0;
  }

  /** How many of the first {@code n} pattern slots are {@code kind}. */
  private static long occurrences(Kind kind, int n) {
    return PATTERN.subList(0, n).stream().filter(k -> k == kind).count();
  }

  private static int pool(double rate, Kind kind, Duration gap) {
    // one pattern's occurrences more: the kind's ticks are not evenly spaced within the pattern
    return (int) Math.ceil(rate * share(kind) * gap.toNanos() / 1e9) + (int) occurrences(kind, PATTERN.size());
  }
}
