package io.talkmesh.talkmanager.search;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The text search configuration messages are indexed with (talk_search_config, schema V14), and the re-index that
 * follows a change of it. The trigger on talk_messages indexes every new or edited text with the stored
 * configuration; rows written before a change are re-indexed in batches of {@code id} order, the progress stored
 * with each batch, so a re-index cut short by a stop resumes where it was at the next start.
 */
final class SearchIndex {
  static final String EXISTS = "SELECT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = $1) AS found";
  /** Stores the configuration; a change (no row otherwise) starts a re-index from the lowest id. */
  static final String USE = "UPDATE talk_search_config s SET config = $1::regconfig,"
      + " reindex_after = '00000000-0000-0000-0000-000000000000' FROM (SELECT config FROM talk_search_config) old"
      + " WHERE s.config <> $1::regconfig RETURNING old.config::text AS previous";
  static final String PENDING = "SELECT reindex_after IS NOT NULL AS pending FROM talk_search_config";
  /**
   * One batch: the next {@code $1} messages after the stored progress re-indexed with the stored configuration, and
   * the progress moved past them (NULL, done, after a short batch). Locking the configuration row makes concurrent
   * re-indexers (one per talk-manager) take turns rather than repeat each other's batches, and keeps a change of
   * configuration from interleaving with a batch.
   */
  static final String BATCH = """
      WITH cfg AS (
        SELECT config, reindex_after FROM talk_search_config WHERE reindex_after IS NOT NULL FOR UPDATE),
      batch AS (
        SELECT m.id FROM talk_messages m, cfg WHERE m.id > cfg.reindex_after ORDER BY m.id LIMIT $1),
      done AS (
        UPDATE talk_messages m SET tsv = CASE WHEN m.type = 'normal' THEN to_tsvector(cfg.config, m.text) END
        FROM batch, cfg WHERE m.id = batch.id RETURNING m.id),
      progress AS (
        UPDATE talk_search_config SET reindex_after = CASE WHEN (SELECT count(*) FROM done) < $1 THEN NULL
          ELSE (SELECT id FROM done ORDER BY id DESC LIMIT 1) END
        WHERE EXISTS (SELECT 1 FROM cfg))
      SELECT count(*) AS n FROM done""";

  /** What a change of configuration found. */
  record Change(String previous, boolean reindexPending) {
  }

  private SearchIndex() {
  }

  /**
   * Makes {@code language} the configuration new text is indexed with; fails naming {@code TALK_SEARCH_LANGUAGE}
   * when PostgreSQL has no such configuration.
   */
  static Future<Change> use(SqlClient sql, String language) {
    return sql.preparedQuery(EXISTS).execute(Tuple.of(language))
        .compose(rows -> {
          if (!rows.iterator().next().getBoolean("found")) {
            return Future.failedFuture(new IllegalArgumentException("TALK_SEARCH_LANGUAGE: PostgreSQL has no text"
                + " search configuration '" + language + "' (SELECT cfgname FROM pg_ts_config lists them)"));
          }
          return sql.preparedQuery(USE).execute(Tuple.of(language));
        })
        .compose(changed -> sql.preparedQuery(PENDING).execute().map(rows -> new Change(
            changed.size() == 0 ? null : changed.iterator().next().getString("previous"),
            rows.iterator().next().getBoolean("pending"))));
  }

  /** Re-indexes one batch; how many messages it re-indexed (0 when no re-index is pending). */
  static Future<Integer> batch(SqlClient sql, int size) {
    return sql.preparedQuery(BATCH).execute(Tuple.of(size)).map(rows -> rows.iterator().next().getLong("n").intValue());
  }
}
