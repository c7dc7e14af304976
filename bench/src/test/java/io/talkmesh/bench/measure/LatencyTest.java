package io.talkmesh.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class LatencyTest {

  @Test
  void percentilesAreReportedInMillisecondsUnderStableKeys() {
    Latency latency = new Latency();
    for (int ms = 1; ms <= 1000; ms++) {
      latency.recordNanos(ms * 1_000_000L);
    }
    JsonObject json = latency.toJson();
    assertThat(json.getLong("count")).isEqualTo(1000);
    assertThat(json.getDouble("p50_ms")).isBetween(499.0, 501.0);
    assertThat(json.getDouble("p99_ms")).isBetween(989.0, 991.0);
    assertThat(json.getDouble("p99_9_ms")).isBetween(998.0, 1000.0);
    assertThat(json.getDouble("max_ms")).isBetween(999.0, 1001.0);
  }

  @Test
  void roundingKeepsThreeSignificantDigits() {
    assertThat(Latency.round(1234.567)).isEqualTo(1230.0);
    assertThat(Latency.round(0.012345)).isEqualTo(0.0123);
    assertThat(Latency.round(0)).isEqualTo(0.0);
  }

  @Test
  void ratioIsUndefinedWithoutABaseline() {
    assertThat(new Ratio("x", "send", 50, "none", 0).ratio()).isNaN();
    assertThat(new Ratio("x", "send", 50, "pg", 200).ratio()).isEqualTo(0.25);
    assertThat(new Ratio("x", "send", 50, "pg", 0).toJson().getValue("ratio")).isNull();
  }
}
