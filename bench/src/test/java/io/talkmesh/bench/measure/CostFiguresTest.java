package io.talkmesh.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostFiguresTest {

  @Test
  void threeWindowsWithinFivePercentOfTheirMeanAreStable() {
    assertThat(Warmup.stable(List.of(500.0, 1000.0, 980.0, 1020.0))).isTrue();
  }

  @Test
  void aStillRisingCurveIsNotStable() {
    assertThat(Warmup.stable(List.of(800.0, 900.0, 1000.0))).isFalse();
    assertThat(Warmup.stable(List.of(1000.0, 1000.0))).isFalse();
  }

  @Test
  void theMedianOfThreeIsTheMiddleRunAndOfTwoTheirMean() {
    assertThat(Median.of(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Median.of(List.of(1.0, 2.0))).isEqualTo(1.5);
    assertThat(Median.indexOfMedian(List.of(3.0, 1.0, 2.0))).isEqualTo(2);
  }

  @Test
  void costPerOperationSumsThePathLeavingOutTheLoadGeneratorAndPartsOfOtherGroups() {
    JsonObject sample = new JsonObject().put("wall_seconds", 10.0).put("api-gateway", 1.0).put("talk-manager", 2.0)
        .put("push-service", 0.5).put("postgres", 1.5).put("postgres.backends", 1.0).put("rabbitmq", 1.0)
        .put("loadgen", 4.0);
    JsonObject perSend = MeshCpu.cost(sample, 5000, 1).getJsonObject("cpu_ms_per_op");
    assertThat(perSend.getDouble("path")).isEqualTo(1.2);
    assertThat(perSend.getDouble("postgres")).isEqualTo(0.3);
    assertThat(perSend.getDouble("loadgen")).isEqualTo(0.8);
    assertThat(MeshCpu.cost(sample, 5000, 1000).getJsonObject("cpu_ms_per_op").getDouble("path")).isEqualTo(1200.0);
  }

  @Test
  void aBackendIsKnownByItsDatabaseWithOrWithoutAClusterName() {
    assertThat(CpuSampler.backendDatabase("postgres: 15/main: postgres talk_bench_1 127.0.0.1(58910) idle")).isEqualTo("talk_bench_1");
    assertThat(CpuSampler.backendDatabase("postgres: postgres talk [local] idle in transaction")).isEqualTo("talk");
    assertThat(CpuSampler.backendDatabase("postgres: 15/main: walwriter")).isNull();
    assertThat(CpuSampler.backendDatabase("postgres: 15/main: autovacuum worker talk_bench_1")).isNull();
    assertThat(CpuSampler.backendDatabase("/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main")).isNull();
  }

  @Test
  void windowsAddUpBeforeTheirCostIsTaken() {
    JsonObject sum = MeshCpu.add(MeshCpu.add(new JsonObject(), new JsonObject().put("wall_seconds", 2.0).put("postgres", 0.5)),
        new JsonObject().put("wall_seconds", 3.0).put("postgres", 0.25));
    assertThat(sum.getDouble("wall_seconds")).isEqualTo(5.0);
    assertThat(MeshCpu.cost(sum, 500, 1).getJsonObject("cpu_ms_per_op").getDouble("postgres")).isEqualTo(1.5);
  }

  @Test
  void latenciesOfSeveralWindowsMakeOneDistribution() {
    Latency a = new Latency();
    Latency b = new Latency();
    a.recordNanos(1_000_000);
    b.recordNanos(3_000_000);
    b.recordNanos(3_000_000);
    a.add(b);
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.millis(50)).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.01));
  }
}
