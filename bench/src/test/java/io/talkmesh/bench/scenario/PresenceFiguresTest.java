package io.talkmesh.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.bench.measure.MeshCpu;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PresenceFiguresTest {

  @Test
  void aboveIdleTakesOffWhatEachGroupBurnsIdleOverTheSameWallTime() {
    JsonObject sample = new JsonObject().put("wall_seconds", 10.0).put("push-service", 3.0).put("talk-manager", 1.0)
        .put("loadgen", 2.0);
    JsonObject cost = MeshCpu.cost(sample, 200, 1000);
    JsonObject idle = new JsonObject().put("push-service", 100.0).put("talk-manager", 10.0);
    JsonObject above = PresenceScenario.aboveIdle(cost, idle);
    assertThat(above.getDouble("push-service")).isEqualTo(10_000.0);
    assertThat(above.getDouble("talk-manager")).isEqualTo(4_500.0);
    assertThat(above.containsKey("loadgen")).isFalse();
  }

  @Test
  void ratiosAreTakenWhereBothFiguresAreKnownAndTheDivisorIsNotZero() {
    JsonObject a = new JsonObject().put("push-service", 300.0).put("talk-manager", 50.0).put("rabbitmq", 1.0);
    JsonObject b = new JsonObject().put("push-service", 100.0).put("talk-manager", 0.0);
    JsonObject r = PresenceScenario.ratios(a, b);
    assertThat(r.getDouble("push-service")).isEqualTo(3.0);
    assertThat(r.fieldNames()).containsExactly("push-service");
  }

  @Test
  void statsDeltasAreTheNumericCountersOfBoth() {
    JsonObject before = new JsonObject().put("events", 10).put("deliveries", 100).put("instance", "x");
    JsonObject after = new JsonObject().put("events", 25).put("deliveries", 160).put("instance", "x").put("new", 3);
    JsonObject d = PresenceScenario.deltas(before, after);
    assertThat(d).isEqualTo(new JsonObject().put("events", 15L).put("deliveries", 60L));
  }
}
