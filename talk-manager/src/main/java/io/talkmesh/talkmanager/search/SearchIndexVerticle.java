package io.talkmesh.talkmanager.search;

import io.talkmesh.talkmanager.db.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the search index in the configured language ({@code TALK_SEARCH_LANGUAGE}): at start it stores the
 * language (the start fails when PostgreSQL has no such text search configuration), and when it changed, or a
 * re-index was left unfinished, re-indexes the messages in batches in the background, through a pool of its own
 * (one connection), so that requests and the outbox relay never wait for it. Searches meanwhile find the messages
 * not yet re-indexed only where both languages agree on a word (docs/find.md).
 */
public final class SearchIndexVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SearchIndexVerticle.class);
  /** Messages per batch: one statement of a few hundred milliseconds at most, so row locks are held briefly. */
  static final int BATCH = 1000;
  /** After a failed batch (the database away a moment): the progress is stored, so it simply goes on later. */
  static final long RETRY_MS = 10_000;

  private final String pgUri;
  private final String language;
  private Pool pool;
  private volatile boolean stopping;

  public SearchIndexVerticle(String pgUri, String language) {
    this.pgUri = pgUri;
    this.language = language;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, pgUri, 1, "talk-manager-search-index");
    return SearchIndex.use(pool, language).onSuccess(change -> {
      if (change.previous() != null) {
        LOG.info("search language changed from {} to {}: re-indexing every message in batches of {}",
            change.previous(), language, BATCH);
      }
      if (change.reindexPending()) {
        reindex(0);
      }
    }).recover(err -> pool.close().transform(closed -> Future.failedFuture(err)));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    return pool.close();
  }

  /** One batch after the other until a short batch says the re-index is done (or the verticle stops). */
  private void reindex(long done) {
    if (stopping) {
      return;
    }
    SearchIndex.batch(pool, BATCH).onComplete(batch -> {
      if (batch.failed()) {
        if (!stopping) {
          LOG.warn("search re-index paused after {} messages; retrying in {} s: {}", done, RETRY_MS / 1000,
              batch.cause().toString());
          vertx.setTimer(RETRY_MS, id -> reindex(done));
        }
      } else if (batch.result() < BATCH) {
        LOG.info("search re-index done: {} messages", done + batch.result());
      } else {
        reindex(done + batch.result());
      }
    });
  }
}
