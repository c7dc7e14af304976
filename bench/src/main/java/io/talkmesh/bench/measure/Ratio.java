package io.talkmesh.bench.measure;

import io.vertx.core.json.JsonObject;

/** A figure of talk-mesh divided by the matching baseline measured in the same run. */
public record Ratio(String name, String scenario, double value, String baseline, double limit) {

  /** {@code value / limit}, or NaN when the baseline could not be measured. */
  public double ratio() {
    return limit > 0 ? value / limit : Double.NaN;
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("scenario", scenario).put("value", Latency.round(value))
        .put("baseline", baseline).put("limit", Latency.round(limit))
        .put("ratio", Double.isNaN(ratio()) ? null : Latency.round(ratio()));
  }
}
