package io.talkmesh.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class CostSectionTest {

  @Test
  void targetsAreJudgedFromTheMedianSendAndThePgbenchBaseline() {
    JsonObject run = run();
    JsonArray targets = Report.targets(run);
    JsonObject cpu = targets.getJsonObject(0);
    JsonObject share = targets.getJsonObject(1);
    JsonObject rate = targets.getJsonObject(2);
    assertThat(cpu.getDouble("measured")).isEqualTo(1.2);
    assertThat(cpu.getBoolean("met")).isTrue();
    assertThat(share.getDouble("measured")).isEqualTo(1.5);
    assertThat(share.getBoolean("met")).isFalse();
    assertThat(rate.getDouble("measured")).isEqualTo(0.6);
    assertThat(rate.getBoolean("met")).isTrue();
  }

  @Test
  void theCostSectionNamesEachTargetAndWhetherItIsMet() {
    JsonObject run = run();
    run.put("targets", Report.targets(run));
    StringBuilder md = new StringBuilder();
    Markdown.cost(md, run);
    assertThat(md.toString()).contains("### Cost and targets")
        .contains("| CPU per accepted send, services + PostgreSQL + RabbitMQ (ms) | 1.200 | ≤ 1.50 | met |")
        .contains("**not met**").contains("median **600**");
  }

  @Test
  void webhooksGetTheirCostRowsAndTheRatioToTheSameSendsWithoutEndpoints() {
    JsonObject run = run();
    JsonObject cost = new JsonObject().put("cpu_ms_per_op", new JsonObject().put("webhook-service", 1980.0).put("path", 4720.0));
    JsonObject base = new JsonObject().put("cpu_ms_per_op", new JsonObject().put("webhook-service", 1310.0).put("path", 15300.0));
    JsonObject perSend = new JsonObject().put("cpu_ms_per_op", new JsonObject().put("path", 18900.0));
    run.getJsonObject("scenarios").put("webhooks", new JsonObject().put("endpoints", 4).put("rate_per_second", 40.0)
        .put("cost", cost).put("cost_per_send", perSend).put("vs_sends", new JsonObject())
        .put("sends_without_endpoints", new JsonObject().put("cost", base)));
    run.put("targets", Report.targets(run));
    StringBuilder md = new StringBuilder();
    Markdown.cost(md, run);
    assertThat(md.toString()).contains("| webhooks, 4 endpoints, 40 msg/s | 1,000 deliveries |")
        .contains("| webhooks' baseline: the same sends without endpoints | 1,000 sends |");
    JsonObject ratio = Report.ratios(run).stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("scenario").equals("webhooks")).findFirst().orElseThrow();
    assertThat(ratio.getDouble("value")).isEqualTo(18900.0);
    assertThat(ratio.getDouble("limit")).isEqualTo(15300.0);
  }

  private static JsonObject run() {
    JsonObject perSend = new JsonObject().put("path", median(1.2)).put("postgres", median(0.6));
    JsonObject closed = new JsonObject().put("per_second", 600.0).put("runs", new JsonArray())
        .put("median", new JsonObject().put("per_second", new JsonObject().put("median", 600.0)
            .put("values", new JsonArray().add(590.0).add(600.0).add(610.0))).put("cpu_ms_per_send", perSend));
    JsonObject shaped = new JsonObject().put("tx_per_second", 1000.0)
        .put("median", new JsonObject().put("tx_per_second", median(1000.0)).put("postgres_cpu_ms_per_tx", median(0.4)));
    return new JsonObject().put("machine", new JsonObject())
        .put("scenarios", new JsonObject().put("send", new JsonObject().put("closed", closed)))
        .put("baselines", new JsonObject().put("postgres", new JsonObject().put("send_shaped", shaped)
            .put("insert_commit", new JsonObject().put("tx_per_second", 2000.0))));
  }

  private static JsonObject median(double v) {
    return new JsonObject().put("median", v).put("values", new JsonArray().add(v));
  }
}
