package io.talkmesh.talkmanager.presence;

import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.outbox.OutboxRelayVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code TALK_PRESENCE_SWEEP_MS}, expires the push instances that stopped renewing and turns offline the agents
 * whose grace is over ({@link PresenceService#sweep}), through a pool of its own (one connection), so a sweep never
 * waits behind requests. Every talk-manager runs one; concurrent sweeps skip each other's rows. A sweep runs only once
 * the one before it finished, and one that changed presence kicks the outbox relay at once.
 */
public final class PresenceSweepVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceSweepVerticle.class);

  private final String pgUri;
  private final PresencePolicy policy;
  private Pool pool;
  private PresenceService presence;
  private long timer = -1;
  private boolean stopped;

  public PresenceSweepVerticle(String pgUri, PresencePolicy policy) {
    this.pgUri = pgUri;
    this.policy = policy;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, pgUri, 1, "talk-manager-presence");
    presence = new PresenceService(pool, policy);
    schedule();
    return Future.succeededFuture();
  }

  private void schedule() {
    if (!stopped) {
      timer = vertx.setTimer(policy.sweepMs(), id -> presence.sweep()
          .onSuccess(changed -> {
            if (changed > 0) {
              LOG.debug("presence sweep: {} agent(s) went offline", changed);
              vertx.eventBus().send(OutboxRelayVerticle.KICK, null);
            }
          })
          .onFailure(err -> LOG.warn("presence sweep failed; retrying: {}", err.toString()))
          .onComplete(ar -> schedule()));
    }
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return pool.close();
  }
}
