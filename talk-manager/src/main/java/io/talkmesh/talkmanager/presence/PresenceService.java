package io.talkmesh.talkmanager.presence;

import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Presence;
import io.talkmesh.common.request.presence.ReportSessions;
import io.talkmesh.common.request.presence.SessionsReply;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.talkmanager.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Live presence (docs/websocket.md, "Presence"): an agent is online while some push instance that is itself alive
 * reports a session of it. Instances report the agents they hold ({@link #report}); the sweep ({@link #sweep}) expires
 * the instances that stopped renewing and turns offline, once their grace is over, the agents left with no session.
 * Each change of an agent's presence appends {@code agent_presence_updated} to the agent's own stream, in the same
 * transaction, so it is published exactly like any other event (outbox, confirms) and never lost.
 */
public final class PresenceService {
  /** The request id of the events the sweep appends (no request caused them). */
  private static final Trace SWEEP = new Trace("presence-sweep", "");
  private final Pool pool;
  private final PresencePolicy policy;

  public PresenceService(Pool pool, PresencePolicy policy) {
    this.pool = pool;
    this.policy = policy;
  }

  /** Applies one instance's report in one transaction. */
  public Future<SessionsReply> report(ReportSessions report, Trace trace) {
    UUID instance = report.id();
    return pool.<SessionsReply>withTransaction(tx -> PresenceStore.renew(tx, instance, report.ttlMs()).compose(known -> {
      if (!known && !report.full()) {
        // swept while it was away: its earlier sessions are gone, a change from them would be wrong
        return PresenceStore.insertInstance(tx, instance, report.ttlMs()).map(new SessionsReply(true, 0));
      }
      Future<Void> inserted = known ? Future.succeededFuture() : PresenceStore.insertInstance(tx, instance, report.ttlMs());
      Future<Set<UUID>> affected = report.full()
          ? inserted.compose(v -> PresenceStore.sessionsOf(tx, instance)).map(held -> {
              Set<UUID> all = new HashSet<>(held);
              all.addAll(report.online());
              return all;
            })
          : inserted.map(v -> {
              Set<UUID> all = new HashSet<>(report.online());
              all.addAll(report.offline());
              return all;
            });
      return affected.compose(agents -> agents.isEmpty() ? Future.succeededFuture(new SessionsReply(false, 0))
          : PresenceStore.lock(tx, agents).compose(locked -> {
            Future<Void> changed = report.full()
                ? PresenceStore.removeAllBut(tx, instance, report.online())
                    .compose(v -> PresenceStore.add(tx, instance, report.online()))
                : PresenceStore.remove(tx, instance, report.offline())
                    .compose(v -> PresenceStore.add(tx, instance, report.online()));
            return changed.compose(v -> reconcile(tx, locked, policy.graceMs(), trace))
                .map(n -> new SessionsReply(false, n));
          }));
    }));
  }

  /**
   * One sweep, in one transaction: the expired instances' sessions are dropped, then the agents whose grace is over go
   * offline, those left with no session by an expired instance at once (it was silent for its whole TTL: its clients
   * had that long to reconnect elsewhere). How many agents went offline. Several talk-managers sweep at once
   * without doing the same work twice (SKIP LOCKED).
   */
  public Future<Integer> sweep() {
    return pool.withTransaction(tx -> PresenceStore.expiredInstances(tx).compose(instances -> instances.isEmpty()
            ? Future.succeededFuture(0)
            : PresenceStore.sessionsOfInstances(tx, instances).compose(agents -> agents.isEmpty()
                ? PresenceStore.deleteInstances(tx, instances).map(0)
                : PresenceStore.lock(tx, agents).compose(locked -> PresenceStore.deleteInstances(tx, instances)
                    .compose(v -> reconcile(tx, locked, 0, SWEEP)))))
        .compose(v -> PresenceStore.dueOffline(tx))
        .compose(due -> PresenceStore.goOffline(tx, due))
        .compose(offline -> publish(tx, offline.stream()
            .filter(p -> !p.status().equals(io.talkmesh.common.model.Agent.OFFLINE)).toList(), SWEEP)));
  }

  /**
   * An agent's status changed from {@code before} in the caller's transaction, which holds the agent's row: a change
   * of presence when the agent is online (its presence is its status then).
   */
  public static Future<Void> statusChanged(SqlConnection tx, Presence after, String before, boolean online,
                                           Trace trace) {
    if (!online || after.status().equals(before)) {
      return Future.succeededFuture();
    }
    return publish(tx, List.of(after), trace).mapEmpty();
  }

  /**
   * After the sessions of the locked agents changed: those with a session again come online (a change unless their
   * status is offline), those left with none start leaving (offline after {@code graceMs}). How many changed presence.
   */
  private Future<Integer> reconcile(SqlConnection tx, List<PresenceStore.Locked> locked, long graceMs, Trace trace) {
    Set<UUID> ids = new HashSet<>();
    locked.forEach(a -> ids.add(a.id()));
    return PresenceStore.withSessions(tx, ids).compose(withSessions -> {
      List<UUID> arriving = new ArrayList<>();
      List<UUID> leaving = new ArrayList<>();
      Map<UUID, Boolean> wasOnline = new HashMap<>();
      for (PresenceStore.Locked agent : locked) {
        boolean has = withSessions.contains(agent.id());
        if (has && (!agent.online() || agent.leaving())) {
          arriving.add(agent.id());
          wasOnline.put(agent.id(), agent.online());
        } else if (!has && agent.online() && !agent.leaving()) {
          leaving.add(agent.id());
        }
      }
      return PresenceStore.comeOnline(tx, arriving)
          .compose(online -> {
            List<Presence> changes = new ArrayList<>();
            for (Presence p : online) {
              if (!wasOnline.get(p.agentId()) && !p.presence().equals(io.talkmesh.common.model.Agent.OFFLINE)) {
                changes.add(p);
              }
            }
            return PresenceStore.startLeaving(tx, leaving, graceMs).compose(v -> publish(tx, changes, trace));
          });
    });
  }

  private static Future<Integer> publish(SqlConnection tx, List<Presence> changes, Trace trace) {
    Future<Void> chain = Future.succeededFuture();
    for (Presence change : changes) {
      chain = chain.compose(v -> Outbox.appendToAgent(tx, change.customerId(), change.agentId(),
          EventType.AGENT_PRESENCE_UPDATED, change.toJson(), trace).mapEmpty());
    }
    return chain.map(changes.size());
  }
}
