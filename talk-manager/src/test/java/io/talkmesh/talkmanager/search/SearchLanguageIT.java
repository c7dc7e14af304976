package io.talkmesh.talkmanager.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.talkmanager.TalkManagerConfig;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.Future;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code TALK_SEARCH_LANGUAGE}: checked when read and at start against the database's text search configurations;
 * a change re-indexes every message in batches whose progress is stored, so a re-index resumes where it stopped.
 */
class SearchLanguageIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  @Test
  void aLanguageThatIsNoConfigurationNameFailsTheStartNamingTheVariable() {
    assertThat(TalkManagerConfig.from(Map.of()).searchLanguage()).isEqualTo("simple");
    assertThatThrownBy(() -> TalkManagerConfig.from(Map.of("TALK_SEARCH_LANGUAGE", "English; DROP TABLE agents")))
        .hasMessageContaining("TALK_SEARCH_LANGUAGE");
    String before = config();
    assertThatThrownBy(() -> TalkRpc.awaitAll(rpc.vertx().deployVerticle(
        new SearchIndexVerticle(rpc.pgUri(), "klingon"))))
        .hasMessageContaining("TALK_SEARCH_LANGUAGE").hasMessageContaining("klingon");
    assertThat(config()).as("nothing stored").isEqualTo(before);
  }

  @Test
  void aChangeReindexesEveryMessageInResumableBatchesAndNewTextUsesItAtOnce() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    for (String text : new String[] {"The cats were running", "Connections are failing", "Studies of ponies"}) {
      rpc.send(rpc.alice(), chat, text);
    }
    Future<SearchIndex.Change> first = SearchIndex.use(rpc.pool(), "simple").compose(v -> SearchIndex.use(rpc.pool(),
        "english"));
    SearchIndex.Change change = TalkRpc.awaitAll(first);
    assertThat(change.previous()).isEqualTo("simple");
    assertThat(change.reindexPending()).isTrue();
    assertThat(notIn("english")).as("nothing re-indexed yet").isPositive();
    String sentAfter = rpc.send(rpc.alice(), chat, "Meetings happening daily");
    assertThat(rpc.rows("SELECT tsv = to_tsvector('english', text) AS same FROM talk_messages WHERE id = $1::uuid",
        sentAfter).get(0).getBoolean("same")).as("a message sent after the change").isTrue();

    assertThat(TalkRpc.awaitAll(SearchIndex.batch(rpc.pool(), 1))).isEqualTo(1);
    assertThat(rpc.rows("SELECT reindex_after FROM talk_search_config").get(0).getUUID("reindex_after"))
        .as("the progress of a re-index cut short here").isNotNull();
    int batches = 1;
    while (TalkRpc.awaitAll(SearchIndex.batch(rpc.pool(), 2)) == 2) {
      batches++;
    }
    assertThat(batches).isGreaterThan(1);
    assertThat(notIn("english")).isZero();
    assertThat(rpc.rows("SELECT reindex_after IS NULL AS done FROM talk_search_config").get(0).getBoolean("done")).isTrue();
    assertThat(TalkRpc.awaitAll(SearchIndex.batch(rpc.pool(), 2))).as("nothing pending").isZero();
    assertThat(TalkRpc.awaitAll(SearchIndex.use(rpc.pool(), "english")).reindexPending()).as("no change").isFalse();

    TalkRpc.awaitAll(SearchIndex.use(rpc.pool(), "simple"));
    while (TalkRpc.awaitAll(SearchIndex.batch(rpc.pool(), 1000)) == 1000) {
      continue;
    }
    assertThat(notIn("simple")).isZero();
  }

  private static String config() {
    return rpc.rows("SELECT config::text AS config FROM talk_search_config").get(0).getString("config");
  }

  /** Normal messages whose index entry is not the one of this configuration. */
  private static long notIn(String language) {
    return rpc.rows("SELECT count(*) AS n FROM talk_messages WHERE type = 'normal'"
        + " AND tsv IS DISTINCT FROM to_tsvector($1::regconfig, text)", language).get(0).getLong("n");
  }
}
