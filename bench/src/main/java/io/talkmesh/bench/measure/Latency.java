package io.talkmesh.bench.measure;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** A latency distribution in microseconds (HdrHistogram, 3 significant digits, up to 10 minutes), safe to record from any thread. */
public final class Latency {
  /** The percentiles every report shows, in this order. */
  public static final double[] PERCENTILES = {50, 90, 99, 99.9};

  private final Histogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);

  public void recordNanos(long nanos) {
    histogram.recordValue(Math.max(0, Math.min(nanos / 1000, histogram.getHighestTrackableValue())));
  }

  /** Records a latency measured from {@code startNanos} ({@link System#nanoTime()}) to now. */
  public void since(long startNanos) {
    recordNanos(System.nanoTime() - startNanos);
  }

  /** Adds every value {@code other} recorded: the distribution of several windows taken apart. */
  public void add(Latency other) {
    histogram.add(other.histogram);
  }

  public long count() {
    return histogram.getTotalCount();
  }

  /** The value at a percentile, in milliseconds. */
  public double millis(double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /** {@code {"count", "mean_ms", "p50_ms", "p90_ms", "p99_ms", "p99_9_ms", "max_ms"}}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("count", count()).put("mean_ms", round(histogram.getMean() / 1000.0));
    for (double p : PERCENTILES) {
      json.put(key(p), round(millis(p)));
    }
    return json.put("max_ms", round(histogram.getMaxValue() / 1000.0));
  }

  /** The JSON field of a percentile: {@code p50_ms}, {@code p99_9_ms}. */
  public static String key(double percentile) {
    String p = percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
    return "p" + p.replace('.', '_') + "_ms";
  }

  /** Three significant digits, enough for a latency and short in JSON. */
  public static double round(double value) {
    if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    double scale = Math.pow(10, 2 - Math.floor(Math.log10(Math.abs(value))));
    return Math.round(value * scale) / scale;
  }

  /** A short line for progress output. */
  public String summary() {
    return String.format("p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms", millis(50), millis(99), millis(99.9));
  }
}
