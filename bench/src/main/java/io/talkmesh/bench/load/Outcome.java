package io.talkmesh.bench.load;

import io.talkmesh.bench.measure.Latency;
import io.vertx.core.json.JsonObject;

/** What a timed load phase achieved: answered requests, failures, requests never sent (open loop), latency. */
public record Outcome(long ok, long errors, double seconds, Latency latency, long dropped) {

  public double throughput() {
    return seconds > 0 ? ok / seconds : 0;
  }

  public JsonObject toJson() {
    return new JsonObject().put("ok", ok).put("errors", errors).put("dropped", dropped)
        .put("seconds", Latency.round(seconds)).put("per_second", Latency.round(throughput()))
        .put("latency", latency.toJson());
  }
}
