package io.talkmesh.push.presence;

import io.talkmesh.common.request.presence.ReportSessions;
import io.talkmesh.common.request.presence.SessionsReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells talk-manager which agents hold sessions on this instance (docs/websocket.md, "Presence"). The instance has an
 * id of its own for its lifetime; its first report, and any after a failure or a {@code resync}, is its whole set
 * ({@code full}), the others the agents whose first session opened or last session closed since the one before,
 * collected for {@link PresenceTiming#flushMs()} (an agent that leaves and comes back within it is no change). A
 * report also renews the instance for {@link PresenceTiming#ttlMs()}: one goes out every
 * {@link PresenceTiming#heartbeatMs()} even with nothing to say. One report is in flight at a time, so they apply in
 * order. Lives on the verticle's event loop.
 */
public final class SessionReporter {
  private static final Logger LOG = LoggerFactory.getLogger(SessionReporter.class);

  private final Vertx vertx;
  private final UUID instance = UUID.randomUUID();
  private final PresenceTiming timing;
  private final Function<ReportSessions, Future<SessionsReply>> send;
  private final Supplier<Set<UUID>> held;
  private final Set<UUID> arrived = new LinkedHashSet<>();
  private final Set<UUID> left = new LinkedHashSet<>();
  /** Whether the next report must be the whole set: talk-manager may not know what the earlier ones said. */
  private boolean full = true;
  private boolean sending;
  private boolean flushDue;
  private boolean stopped;
  private long heartbeat = -1;
  private long reports;
  private long failures;
  private int failingInARow;

  /**
   * @param send sends one report to talk-manager ({@code presence.report})
   * @param held the agents with a session here now
   */
  public SessionReporter(Vertx vertx, PresenceTiming timing, Function<ReportSessions, Future<SessionsReply>> send,
                         Supplier<Set<UUID>> held) {
    this.vertx = vertx;
    this.timing = timing;
    this.send = send;
    this.held = held;
  }

  /** Reports at once (the empty set: the instance exists), then on every heartbeat. */
  public void start() {
    heartbeat = vertx.setPeriodic(timing.heartbeatMs(), id -> flush());
    flush();
  }

  public UUID instance() {
    return instance;
  }

  /** The agent's first session opened here. */
  public void arrived(UUID agent) {
    if (!left.remove(agent)) {
      arrived.add(agent);
    }
    soon();
  }

  /** The agent's last session here closed. */
  public void left(UUID agent) {
    if (!arrived.remove(agent)) {
      left.add(agent);
    }
    soon();
  }

  /** Reports answered. */
  public long reports() {
    return reports;
  }

  /** Reports that failed (talk-manager or the broker unreachable); each is followed by a whole-set report. */
  public long failures() {
    return failures;
  }

  /**
   * Stops reporting, after a last report of an empty set: this instance's agents start their grace now (their
   * clients reconnect elsewhere within it) rather than when the instance would expire. Not sent when no report ever
   * worked or the last one failed (the stop must not wait on a talk-manager it cannot reach).
   */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(heartbeat);
    if (reports == 0 || failingInARow > 0) {
      // talk-manager never knew this instance, or cannot be reached now: the instance simply expires
      return Future.succeededFuture();
    }
    return send.apply(new ReportSessions(instance, timing.ttlMs(), true, List.of(), List.of())).mapEmpty();
  }

  private void soon() {
    if (!flushDue && !stopped) {
      flushDue = true;
      vertx.setTimer(timing.flushMs(), id -> {
        flushDue = false;
        flush();
      });
    }
  }

  private void flush() {
    if (sending || stopped) {
      return;
    }
    ReportSessions report = full ? wholeSet() : changes();
    sending = true;
    send.apply(report).onComplete(ar -> {
      sending = false;
      if (ar.failed()) {
        failures++;
        full = true;
        // at start talk-manager may not be up yet: a warning only once reports had worked, or after three heartbeats
        failingInARow++;
        if (reports > 0 || failingInARow >= 3) {
          LOG.warn("presence report of instance {} failed (next: the whole set): {}", instance, ar.cause().toString());
        } else {
          LOG.debug("presence report of instance {} failed at start: {}", instance, ar.cause().toString());
        }
        return; // the next heartbeat retries
      }
      reports++;
      failingInARow = 0;
      if (ar.result().resync()) {
        LOG.info("talk-manager no longer knew instance {}: reporting its whole set", instance);
        full = true;
        flush();
        return;
      }
      if (report.full()) {
        full = false;
      }
      if (!arrived.isEmpty() || !left.isEmpty()) {
        soon();
      }
    });
  }

  /** The whole set (its first {@link ReportSessions#MAX_AGENTS}; the rest follow as arrivals). */
  private ReportSessions wholeSet() {
    List<UUID> all = new ArrayList<>(held.get());
    arrived.clear();
    left.clear();
    if (all.size() > ReportSessions.MAX_AGENTS) {
      arrived.addAll(all.subList(ReportSessions.MAX_AGENTS, all.size()));
      all = all.subList(0, ReportSessions.MAX_AGENTS);
    }
    return new ReportSessions(instance, timing.ttlMs(), true, all, List.of());
  }

  /** The changes since the last report, at most {@link ReportSessions#MAX_AGENTS} of them. */
  private ReportSessions changes() {
    int room = ReportSessions.MAX_AGENTS;
    List<UUID> up = take(arrived, room);
    List<UUID> down = take(left, room - up.size());
    return new ReportSessions(instance, timing.ttlMs(), false, up, down);
  }

  private static List<UUID> take(Set<UUID> from, int max) {
    List<UUID> taken = new ArrayList<>(Math.min(max, from.size()));
    Iterator<UUID> it = from.iterator();
    while (it.hasNext() && taken.size() < max) {
      taken.add(it.next());
      it.remove();
    }
    return taken;
  }
}
