package io.talkmesh.bench.measure;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The median of repeated runs, reported with every value it was taken from. */
public final class Median {
  private Median() {
  }

  /** The middle value (the mean of the two middle ones for an even count); NaN for none. */
  public static double of(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The index of the run whose value is nearest the median: the run whose distributions stand for all of them. */
  public static int indexOfMedian(List<Double> values) {
    double median = of(values);
    int best = 0;
    for (int i = 1; i < values.size(); i++) {
      if (Math.abs(values.get(i) - median) < Math.abs(values.get(best) - median)) {
        best = i;
      }
    }
    return best;
  }

  /** {@code {"median": m, "values": [...]}}. */
  public static JsonObject summary(List<Double> values) {
    double median = of(values);
    return new JsonObject().put("median", Double.isNaN(median) ? null : MeshCpu.round3(median))
        .put("values", new JsonArray(new ArrayList<>(values)));
  }
}
