package io.talkmesh.talkmanager.retention;

import io.talkmesh.talkmanager.db.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes every ten minutes what has outlived its {@link Retention}, through a pool of its own (one connection, used
 * a moment every ten minutes), so that a purge never takes a connection from requests or from the outbox relay.
 * Every talk-manager runs one; concurrent purges only delete the same old rows.
 */
public final class PurgeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PurgeVerticle.class);
  static final long PURGE_MS = 10 * 60 * 1000;

  private final String pgUri;
  private final Retention retention;
  private Pool pool;
  private long timer;

  public PurgeVerticle(String pgUri, Retention retention) {
    this.pgUri = pgUri;
    this.retention = retention;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, pgUri, 1, "talk-manager-purge");
    timer = vertx.setPeriodic(PURGE_MS, id -> retention.purge(pool)
        .onSuccess(this::log)
        .onFailure(err -> LOG.warn("purge of old rows failed; retrying in {} min: {}", PURGE_MS / 60_000, err.toString())));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return pool.close();
  }

  private void log(Map<Retention.Purge, Integer> deleted) {
    StringJoiner line = new StringJoiner(", ", "purged ", "");
    deleted.forEach((purge, n) -> line.add(n + " " + purge.rows() + " older than " + purge.hours() + " h"));
    LOG.info(line.toString());
  }
}
