package io.talkmesh.bench.measure;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a load in fixed windows until its throughput is stable: three consecutive windows each within ±5 % of their
 * mean, or a cap on the total time. JIT compilation, connection pools filling, PostgreSQL's caches and the broker's
 * queues settling all show as a rising curve first; the measured phase starts on the plateau.
 */
public final class Warmup {
  static final double TOLERANCE = 0.05;
  static final int STABLE_WINDOWS = 3;

  /** One window of the load: its throughput (operations/s) and its path CPU-ms per operation. */
  public record Window(double perSecond, double cpuMsPerOp) {
  }

  @FunctionalInterface
  public interface Load {
    Window run(int index, Duration window) throws Exception;
  }

  private Warmup() {
  }

  /**
   * @return {@code {"window_seconds", "cap_seconds", "tolerance", "stable", "windows": [{"index", "per_second",
   *     "cpu_ms_per_op"}]}}
   */
  public static JsonObject run(String what, Duration window, Duration cap, Load load) throws Exception {
    int maxWindows = (int) Math.max(STABLE_WINDOWS, cap.toMillis() / window.toMillis());
    List<Double> rates = new ArrayList<>();
    JsonArray curve = new JsonArray();
    boolean stable = false;
    for (int i = 0; i < maxWindows && !stable; i++) {
      Window w = load.run(i, window);
      rates.add(w.perSecond());
      curve.add(new JsonObject().put("index", i).put("per_second", Latency.round(w.perSecond()))
          .put("cpu_ms_per_op", MeshCpu.round3(w.cpuMsPerOp())));
      stable = stable(rates);
      Progress.say("%s warm-up window %d: %,.0f/s, %.3g CPU-ms per operation%s", what, i, w.perSecond(),
          w.cpuMsPerOp(), stable ? " (stable)" : "");
    }
    if (!stable) {
      Progress.say("%s warm-up: not stable after %d windows (cap %d s); measuring anyway", what, rates.size(),
          cap.toSeconds());
    }
    return new JsonObject().put("window_seconds", window.toMillis() / 1000.0).put("cap_seconds", cap.toSeconds())
        .put("tolerance", TOLERANCE).put("stable", stable).put("windows", curve);
  }

  /** Whether the last {@value #STABLE_WINDOWS} rates are each within ±{@link #TOLERANCE} of their mean. */
  static boolean stable(List<Double> rates) {
    if (rates.size() < STABLE_WINDOWS) {
      return false;
    }
    List<Double> last = rates.subList(rates.size() - STABLE_WINDOWS, rates.size());
    double mean = last.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    return mean > 0 && last.stream().allMatch(r -> Math.abs(r - mean) <= TOLERANCE * mean);
  }
}
