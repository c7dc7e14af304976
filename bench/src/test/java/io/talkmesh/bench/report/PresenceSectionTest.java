package io.talkmesh.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PresenceSectionTest {

  @Test
  void theSectionShowsTheMixTheDeliveriesTheDelaysAndCpuSecondsPerThousandChanges() {
    StringBuilder md = new StringBuilder();
    Markdown.presence(md, presence());
    assertThat(md.toString()).contains("### Presence (issue 16): 16,200 subscribers of one customer")
        .contains("| changes applied | 350 (17.5/s): status 200, online 75, offline 75; reloads 50; failed 1 |")
        .contains("| presence frames, all subscribers | 320,000 (16,000/s) |")
        .contains("mean 0.99, busiest 1.0 (≤ 1 by design); short gaps 0")
        .contains("| status | 200 | 200 | 0 | 350.0 / 900.0 | 300.0 / 800.0 | 40.0 | 200 | 3 |")
        .contains("presence frames while the mesh was idle: 0.")
        .contains("| presence changes | 0.050 | 0.400 | 2.000 |")
        .contains("| ratio changes ÷ sends | 0.50 | 1.00 | 8.00 |")
        .doesNotContain("Failed");
  }

  @Test
  void aScenarioThatFailedBeforeMeasuringSaysWhy() {
    StringBuilder md = new StringBuilder();
    JsonObject p = presence();
    JsonObject failed = new JsonObject().put("agents", 300).put("rate_per_second", 10.0).put("pools", p.getJsonObject("pools"))
        .put("warmup_seconds", 4).put("window_seconds", 8).put("drain_seconds", 6)
        .put("error", "java.lang.IllegalStateException: subscribe refused");
    Markdown.presence(md, failed);
    assertThat(md.toString()).contains("**Failed:** java.lang.IllegalStateException: subscribe refused.").doesNotContain("| status |");
  }

  @Test
  void theRatiosSetChangesAgainstSendsAndTheTargetIsTheBusiestSubscribersRate() {
    JsonObject run = new JsonObject().put("scenarios", new JsonObject().put("presence", presence()))
        .put("baselines", new JsonObject());
    JsonArray ratios = Report.ratios(run);
    assertThat(ratios).hasSize(3);
    assertThat(ratios.getJsonObject(0).getString("name")).isEqualTo("presence, 16,200 subscribers: path CPU-ms per 1,000 changes");
    assertThat(ratios.getJsonObject(0).getDouble("ratio")).isEqualTo(2.0);
    assertThat(ratios.getJsonObject(1).getDouble("ratio")).isEqualTo(8.0);
    assertThat(ratios.getJsonObject(2).getDouble("ratio")).isEqualTo(3.0);
    JsonArray targets = Report.targets(run);
    assertThat(targets).hasSize(1);
    assertThat(targets.getJsonObject(0).getDouble("measured")).isEqualTo(1.0);
    assertThat(targets.getJsonObject(0).getBoolean("met")).isTrue();
  }

  private static JsonObject presence() {
    JsonObject kinds = new JsonObject().put("status", new JsonObject().put("ok", 200).put("errors", 0))
        .put("online", new JsonObject().put("ok", 75).put("errors", 1)).put("offline", new JsonObject().put("ok", 75).put("errors", 0))
        .put("reload", new JsonObject().put("ok", 50).put("errors", 0));
    JsonObject frames = new JsonObject().put("frames", 320_000L).put("entries", 5_600_000L).put("chars", 600_000_000L)
        .put("per_second", 16_000.0).put("entries_per_second", 280_000.0).put("entries_per_frame", 17.5)
        .put("max_entries_per_frame", 25).put("chars_per_frame", 1_880.0).put("max_chars_per_frame", 2_700)
        .put("steady_subscribers", 16_080L).put("per_subscriber", new JsonObject().put("frames_per_second_mean", 0.99)
            .put("frames_max", 21).put("frames_per_second_max", 1.0).put("short_gaps", 0));
    JsonObject latency = new JsonObject().put("p50_ms", 350.0).put("p99_ms", 900.0);
    JsonObject status = new JsonObject().put("requested", 200).put("seen", 200).put("missing", 0).put("request_to_first", latency)
        .put("tm_presence_to_first", new JsonObject().put("p50_ms", 300.0).put("p99_ms", 800.0))
        .put("first_to_last", new JsonObject().put("p99_ms", 40.0)).put("observers_min", 200).put("duplicates", 3);
    JsonObject perChange = new JsonObject().put("api-gateway", 50.0).put("talk-manager", 400.0).put("push-service", 2_000.0)
        .put("path", 3_000.0);
    JsonObject perSend = new JsonObject().put("api-gateway", 100.0).put("talk-manager", 400.0).put("push-service", 250.0)
        .put("path", 1_500.0);
    return new JsonObject().put("agents", 16_200).put("rate_per_second", 20.0).put("observers", 200)
        .put("pools", new JsonObject().put("status", 44).put("churn", 63).put("reload", 21).put("passive", 16_072))
        .put("warmup_seconds", 10).put("window_seconds", 20).put("drain_seconds", 6)
        .put("changes", new JsonObject().put("applied", 350).put("per_second", 17.5).put("by_kind", kinds))
        .put("frames", frames).put("delays", new JsonObject().put("status", status).put("flaps", 0).put("unexpected", 0))
        .put("cost", new JsonObject().put("wall_seconds", 20.0).put("cpu_ms_per_op", perChange))
        .put("cost_above_idle", new JsonObject().put("path", 2_400.0))
        .put("idle", new JsonObject().put("cpu_ms_per_second", new JsonObject().put("push-service", 30.0)).put("frames", 0L))
        .put("sends", new JsonObject().put("sent", 400).put("delivered", 400)
            .put("cost", new JsonObject().put("cpu_ms_per_op", perSend)).put("cost_above_idle", new JsonObject().put("path", 800.0)))
        .put("vs_sends", new JsonObject().put("api-gateway", 0.5).put("talk-manager", 1.0).put("push-service", 8.0))
        .put("vs_sends_above_idle", new JsonObject().put("path", 3.0));
  }
}
