package io.talkmesh.devstack.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The expressions found in a dashboard and a rules file, and the check {@link MonitoringIT} applies to a mesh's
 * scrapes: a panel or rule naming a metric no service exposes is reported with where it is.
 */
class MonitoringTest {
  private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..").normalize();
  private static final String SCRAPE = """
      # HELP talk_rpc_client_seconds RPC round trips
      # TYPE talk_rpc_client_seconds histogram
      talk_rpc_client_seconds_bucket{outcome="200",route="POST /v1/messages",le="0.001"} 0
      talk_rpc_client_seconds_count{outcome="200",route="POST /v1/messages"} 3
      talk_rpc_client_seconds_sum{outcome="200",route="POST /v1/messages"} 0.01
      # TYPE talk_push_sessions gauge
      talk_push_sessions 2.0
      # TYPE talk_outbox_relayed_total counter
      talk_outbox_relayed_total 4.0
      # TYPE vertx_pool_queue_time_seconds histogram
      """;

  private static JsonObject dashboard(String... exprs) {
    JsonArray targets = new JsonArray();
    for (int i = 0; i < exprs.length; i++) {
      targets.add(new JsonObject().put("refId", String.valueOf((char) ('A' + i))).put("expr", exprs[i]));
    }
    JsonObject row = new JsonObject().put("type", "row").put("title", "push").put("panels", new JsonArray()
        .add(new JsonObject().put("title", "Deliveries").put("targets", targets)));
    return new JsonObject().put("panels", new JsonArray().add(row))
        .put("templating", new JsonObject().put("list", new JsonArray()
            .add(new JsonObject().put("type", "query").put("name", "instance")
                .put("query", new JsonObject().put("query", "label_values(talk_push_sessions, instance)")))
            .add(new JsonObject().put("type", "query").put("name", "job").put("query", "label_values(job)"))
            .add(new JsonObject().put("type", "custom").put("name", "push_job").put("query", "push-service"))));
  }

  @Test
  void aPanelNamingAMetricNoServiceExposesIsReportedWithItsPlace() {
    List<Monitoring.Expression> expressions = Monitoring.dashboard(dashboard(
        "sum(rate(talk_push_delivries_total[5m]))", "talk_push_sessions"));
    Map<String, Set<String>> missing = Monitoring.missing(expressions, new Exposition().add(SCRAPE), Set.of("up"));
    assertThat(missing).containsOnlyKeys("talk_push_delivries_total");
    assertThat(missing.get("talk_push_delivries_total")).containsExactly("panel \"Deliveries\" target A");
  }

  @Test
  void aRuleNamingAMetricNoServiceExposesIsReported() {
    List<Monitoring.Expression> rules = Monitoring.rules("""
        groups:
          - name: g
            rules:
              - alert: Fine
                expr: up == 0 or rate(talk_outbox_relayed_total[5m]) == 0
              - alert: Typo
                expr: max(talk_outbox_lag_secs) > 10
              - record: job:sessions
                expr: sum by (job) (talk_push_sessions)
        """);
    assertThat(rules).extracting(Monitoring.Expression::where).containsExactly("alert Fine", "alert Typo", "record job:sessions");
    assertThat(Monitoring.missing(rules, new Exposition().add(SCRAPE), Set.of("up")))
        .isEqualTo(Map.of("talk_outbox_lag_secs", Set.of("alert Typo")));
    assertThat(Monitoring.missing(rules, new Exposition().add(SCRAPE), Set.of()))
        .as("up is only allowed as Prometheus' own").containsKey("up");
  }

  @Test
  void aHistogramsSeriesAreExposedWithItsFamilyButNotItsBareName() {
    Exposition exposed = new Exposition().add(SCRAPE);
    assertThat(exposed.exposes("talk_rpc_client_seconds_bucket")).isTrue();
    assertThat(exposed.exposes("vertx_pool_queue_time_seconds_bucket")).as("declared, not yet observed").isTrue();
    assertThat(exposed.exposes("vertx_pool_queue_time_seconds_count")).isTrue();
    assertThat(exposed.exposes("talk_rpc_client_seconds")).as("a histogram's family name is no series").isFalse();
    assertThat(exposed.exposes("talk_push_sessions_count")).as("a gauge has no _count").isFalse();
    assertThat(exposed.exposes("talk_outbox_relayed")).isFalse();
  }

  @Test
  void variableQueriesGiveTheirSelectorOnly() {
    assertThat(Monitoring.dashboard(dashboard()))
        .containsExactly(new Monitoring.Expression("variable $instance", "talk_push_sessions"));
  }

  @Test
  void aFamilyNoExpressionReadsIsUnused() {
    Exposition exposed = new Exposition().add(SCRAPE + "# TYPE talk_rpc_client_seconds_max gauge\n");
    List<Monitoring.Expression> some = List.of(new Monitoring.Expression("x", "rate(talk_rpc_client_seconds_count[5m])"));
    assertThat(Monitoring.unused(some, exposed, "talk_"))
        .containsExactlyInAnyOrder("talk_push_sessions", "talk_outbox_relayed_total");
  }

  /** The shipped files: every name taken from them is a metric of a family talk-mesh's scrapes have (no label, no keyword). */
  @Test
  void theShippedDashboardAndRulesNameOnlyMetricLikeIdentifiers() throws Exception {
    List<Monitoring.Expression> expressions = new java.util.ArrayList<>(Monitoring.dashboard(
        new JsonObject(Files.readString(ROOT.resolve("deploy/grafana/talk-mesh.json")))));
    expressions.addAll(Monitoring.rules(Files.readString(ROOT.resolve("deploy/prometheus/alerts.yml"))));
    Set<String> names = new TreeSet<>();
    expressions.forEach(e -> names.addAll(e.metricNames()));
    assertThat(names).as("names read by deploy/").contains("talk_outbox_lag_seconds", "talk_push_closes_total",
        "talk_rpc_client_seconds_count", "vertx_http_server_requests_total", "up", "jvm_memory_used_bytes");
    assertThat(names).allMatch(n -> n.matches("(talk|vertx|jvm|process)_[a-z0-9_]+|up"), "a metric name");
  }
}
