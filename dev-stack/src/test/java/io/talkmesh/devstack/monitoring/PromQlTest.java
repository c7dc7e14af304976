package io.talkmesh.devstack.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which identifiers of a PromQL expression are metric names. */
class PromQlTest {

  @Test
  void aQuantileOfABucketRateReadsTheBucketOnly() {
    assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, route) "
        + "(rate(talk_rpc_server_seconds_bucket{job=~\"$manager_job\", route!~\"/health/.*\"}[$__rate_interval])))"))
        .containsExactly("talk_rpc_server_seconds_bucket");
  }

  @Test
  void groupingModifiersKeywordsAndNumbersAreNotMetrics() {
    assertThat(PromQl.metricNames("sum(rate(a_total[5m])) by (code) / on (job) group_left (instance) "
        + "max without (pool) (b) offset 1h > bool 1e-3 unless c or inf and d:rate5m"))
        .containsExactlyInAnyOrder("a_total", "b", "c", "d:rate5m");
  }

  @Test
  void stringsCommentsAndGrafanaVariablesAreNotMetrics() {
    assertThat(PromQl.metricNames("label_replace(absent(up{job=\"talk-manager\"} == 1), \"job\", \"talk-manager\", \"\", "
        + "\"(.*)\") # not_this\n or ${other} + $another + `raw_string`"))
        .containsExactly("up");
  }

  @Test
  void aSubqueryAndBracesInsideStringsAreSkippedWhole() {
    assertThat(PromQl.metricNames("max_over_time(rate(x_total{path=\"/a}{b\"}[1m])[30m:1m]) * 2"))
        .containsExactly("x_total");
  }

  @Test
  void aMisspelledMetricIsAName() {
    assertThat(PromQl.metricNames("sum(rate(talk_push_delivries_total[5m]))")).containsExactly("talk_push_delivries_total");
  }

  @Test
  void anUnbalancedSelectorIsRefused() {
    assertThatThrownBy(() -> PromQl.metricNames("rate(x{job=\"a\"[5m])"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unbalanced");
  }
}
