package io.talkmesh.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ReadSearchSectionTest {

  @Test
  void theUnreadListShowsEachSizeAndTheRatioOfTheLargestToTheBaseline() {
    StringBuilder md = new StringBuilder();
    Markdown.unreadList(md, unread());
    assertThat(md.toString()).contains("### Read state: the unread chat list")
        .contains("| 10 | 10,000 | 0.5 (20,000) | 1,000 | 200 | 4.5 | 9.0 | 12.0 | 2.000 | 0.500 | 1,600 (0), 0.80 | 2,100 (500), 3.00 |")
        .contains("| 10,000 | 10,000,000 | 300.0 (33,333) | 1,100 | 210 | 4.6 | 9.9 | 13.0 | 2.100 | 0.520 | 1,610 (0), 0.82 | 400,000 (398,400), 900.00 |")
        .contains("10,000 ÷ 10 messages per chat: p50 1.02×, p99 1.10×, path CPU per list 1.05×").contains("the same work at both sizes, 0.98×")
        .contains("`Limit(Sort(Nested Loop))`").doesNotContain("Failed");
  }

  @Test
  void theRatiosCompareTheLargestSizeWithTheBaselineInTheSameRun() {
    JsonObject run = new JsonObject().put("scenarios", new JsonObject().put("unread_list", unread()))
        .put("baselines", new JsonObject());
    JsonArray ratios = Report.ratios(run);
    assertThat(ratios).hasSize(2);
    assertThat(ratios.getJsonObject(0).getString("name"))
        .isEqualTo("unread list of 100 chats, 1,000 chats × 10,000 messages: p50 (µs) (1 = no growth)");
    assertThat(ratios.getJsonObject(0).getDouble("ratio")).isEqualTo(1.02);
    assertThat(ratios.getJsonObject(1).getDouble("ratio")).isEqualTo(1.05);
  }

  @Test
  void withTurnsAgainstATwinTheRatiosComeFromTheTurns() {
    JsonObject u = unread();
    JsonObject grown = new JsonObject().put("messages_per_chat", 10_000).put("agent", "grown")
        .put("list", outcome(800, 200, 5.0, 9.0, 10.0, 2.2, 0.6).put("ok", 800L));
    JsonObject twin = new JsonObject().put("messages_per_chat", 10).put("agent", "twin")
        .put("list", outcome(820, 205, 4.0, 8.0, 9.0, 2.0, 0.5));
    u.put("interleaved", new JsonObject().put("pairs", 4).put("window_seconds", 10).put("sizes", new JsonArray().add(grown).add(twin)))
        .put("ratio_same_agent", u.getJsonObject("ratio"))
        .put("ratio", new JsonObject().put("p50_ms", 1.25).put("cpu_ms_per_list_path", 1.1).put("cpu_ms_per_list_rabbitmq", 1.0));
    StringBuilder md = new StringBuilder();
    Markdown.unreadList(md, u);
    assertThat(md.toString()).contains("Then in turns, 4 × (10 s of the grown chats, 10 s of a twin agent's 1000 chats of 10 messages)")
        .contains("| 10,000 | grown | 800 | 200 | 5.0 | 9.0 | 10.0 | 2.200 | 0.600 |")
        .contains("In turns, 10,000 ÷ 10 messages per chat: p50 1.25×")
        .contains("One after the other (the same agent's chats before and after growing), 10,000 ÷ 10 messages per chat: p50 1.02×");
    JsonArray ratios = Report.ratios(new JsonObject().put("scenarios", new JsonObject().put("unread_list", u))
        .put("baselines", new JsonObject()));
    assertThat(ratios.getJsonObject(0).getDouble("ratio")).isEqualTo(1.25);
    assertThat(ratios.getJsonObject(0).getString("baseline")).isEqualTo("a twin's 10-message chats, in turns with them");
    assertThat(ratios.getJsonObject(1).getDouble("ratio")).isEqualTo(1.1);
  }

  @Test
  void searchNotDeployedIsReportedAsSkipped() {
    StringBuilder md = new StringBuilder();
    Markdown.search(md, new JsonObject().put("skipped", "search not deployed: talk_messages has no tsv column"));
    assertThat(md.toString()).contains("### Search").contains("Skipped: search not deployed: talk_messages has no tsv column.")
        .doesNotContain("| query |");
  }

  @Test
  void searchShowsEveryQueryWithItsMatchesAndLatency() {
    JsonObject query = new JsonObject().put("name", "rare term").put("q", "bolimeta").put("matches", 31)
        .put("results_on_first_page", 20).put("search", outcome(300, 50, 2.1, 3.3, 4.4, 1.2, 0.6));
    JsonObject search = new JsonObject().put("messages", 1_000_000).put("chats", 1_000).put("vocabulary", 4_000)
        .put("page_size", 20).put("workers", 1).put("window_seconds", 15)
        .put("seeding", new JsonObject().put("insert_seconds", 80.0).put("rows_per_second", 12_500.0)
            .put("counters_vacuum_checkpoint_seconds", 5.0).put("words_per_message", new JsonObject().put("min", 4).put("max", 18)))
        .put("queries", new JsonArray().add(query));
    StringBuilder md = new StringBuilder();
    Markdown.search(md, search);
    assertThat(md.toString()).contains("1,000,000 messages in 1,000 group chats").contains("4–18 words")
        .contains("| rare term | `bolimeta` | 31 | 20 | 300 | 50 | 2.1 | 3.3 | 4.4 | 1.200 | 0.600 |");
  }

  private static JsonObject unread() {
    JsonObject small = size(10, 10_000L, 0.5, 20_000.0, outcome(1_000, 200, 4.5, 9.0, 12.0, 2.0, 0.5), 1_600, 0.8, 2_100, 3.0);
    JsonObject large = size(10_000, 10_000_000L, 300.0, 33_333.0, outcome(1_100, 210, 4.6, 9.9, 13.0, 2.1, 0.52), 1_610,
        0.82, 400_000, 900.0);
    JsonObject ratio = new JsonObject().put("p50_ms", 1.02).put("p99_ms", 1.1).put("cpu_ms_per_list_path", 1.05)
        .put("cpu_ms_per_list_postgres", 1.04).put("cpu_ms_per_list_rabbitmq", 0.98).put("buffers", 1.01);
    return new JsonObject().put("chats", 1_000).put("messages_per_chat", 10_000).put("baseline_messages_per_chat", 10)
        .put("page_size", 100).put("workers", 1).put("window_seconds", 20).put("load_average_at_start", "1.0 1.0 1.0")
        .put("load_average_at_end", "2.0 2.0 2.0").put("sizes", new JsonArray().add(small).add(large)).put("ratio", ratio);
  }

  private static JsonObject size(int perChat, long messages, double seconds, double rowsPerSecond, JsonObject list,
                                 long buffers, double ms, long countingBuffers, double countingMs) {
    JsonObject warmup = new JsonObject().put("window_seconds", 5.0).put("stable", true)
        .put("windows", new JsonArray().add(new JsonObject().put("per_second", 190.0)).add(new JsonObject().put("per_second", 200.0)));
    return new JsonObject().put("messages_per_chat", perChat).put("messages", messages)
        .put("seeding", new JsonObject().put("insert_seconds", seconds).put("rows_per_second", rowsPerSecond))
        .put("check", new JsonObject().put("chats", 5).put("matched", true)).put("warmup", warmup).put("list", list)
        .put("explain", new JsonObject().put("shared_hit_blocks", buffers).put("shared_read_blocks", 0).put("execution_ms", ms)
            .put("shape", "Limit(Sort(Nested Loop))").put("buffers_by_relation", new JsonObject().put("talk_participants", 1_000)
                .put("talk_chats", buffers - 1_000)))
        .put("explain_counting", new JsonObject().put("shared_hit_blocks", countingBuffers).put("shared_read_blocks", 0)
            .put("execution_ms", countingMs).put("buffers_by_relation", new JsonObject().put("talk_participants", 1_000)
                .put("talk_chats", 600).put("talk_messages", countingBuffers - 1_600)));
  }

  private static JsonObject outcome(long ok, double perSecond, double p50, double p99, double p999, double pathMs, double pgMs) {
    return new JsonObject().put("ok", ok).put("errors", 0).put("per_second", perSecond)
        .put("latency", new JsonObject().put("p50_ms", p50).put("p99_ms", p99).put("p99_9_ms", p999))
        .put("cost", new JsonObject().put("cpu_ms_per_op", new JsonObject().put("path", pathMs).put("postgres", pgMs)
            .put("rabbitmq", 0.4)));
  }
}
