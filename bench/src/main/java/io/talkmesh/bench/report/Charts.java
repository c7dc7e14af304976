package io.talkmesh.bench.report;

import io.talkmesh.bench.measure.Latency;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG plots of a run, drawn with XChart. */
public final class Charts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;

  private Charts() {
  }

  /** Latency percentiles (p50 … p99.9, log scale) of several series, each a {@link Latency#toJson()}. */
  public static void latency(String title, Map<String, JsonObject> series, Path file) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("percentile").yAxisTitle("latency (ms, log scale)").build();
    chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Line);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setYAxisDecimalPattern("#,##0.###");
    List<String> labels = new ArrayList<>();
    for (double p : Latency.PERCENTILES) {
      labels.add("p" + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)));
    }
    series.forEach((name, latency) -> {
      if (latency == null || latency.getLong("count", 0L) == 0) {
        return;
      }
      List<Double> values = new ArrayList<>();
      for (double p : Latency.PERCENTILES) {
        values.add(Math.max(0.001, latency.getDouble(Latency.key(p))));
      }
      chart.addSeries(name, labels, values);
    });
    if (!chart.getSeriesMap().isEmpty()) {
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
  }

  /**
   * The warm-up curve ({@code Warmup}'s windows): throughput on the left axis, path CPU-ms per operation on the
   * right, both against the window's index, so a reader sees where the plateau starts.
   */
  public static void warmup(String title, String unit, JsonObject warmup, Path file) throws IOException {
    JsonArray windows = warmup.getJsonArray("windows");
    if (windows == null || windows.isEmpty()) {
      return;
    }
    List<Integer> x = new ArrayList<>();
    List<Double> rate = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      JsonObject w = windows.getJsonObject(i);
      x.add(w.getInteger("index"));
      rate.add(w.getDouble("per_second"));
      cpu.add(w.getDouble("cpu_ms_per_op") == null ? 0 : w.getDouble("cpu_ms_per_op"));
    }
    String seconds = Latency.round(warmup.getDouble("window_seconds")) + " s";
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(title + (warmup.getBoolean("stable", false) ? " (stable)" : " (not stable at the cap)"))
        .xAxisTitle("window (" + seconds + " each)").yAxisTitle(unit + "/s").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    chart.getStyler().setYAxisDecimalPattern("#,##0");
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    chart.getStyler().putYAxisGroupDecimalPatternMap(1, "#,##0.###");
    chart.setYAxisGroupTitle(0, unit + "/s");
    chart.setYAxisGroupTitle(1, "CPU-ms per " + unit + " (services + PostgreSQL + RabbitMQ)");
    chart.addSeries(unit + "/s", x, rate).setMarker(SeriesMarkers.CIRCLE);
    chart.addSeries("CPU-ms per " + unit, x, cpu).setMarker(SeriesMarkers.DIAMOND).setYAxisGroup(1);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** One or more y series over the same x values, e.g. deliveries/s against M. */
  public static void xy(String title, String xTitle, String yTitle, boolean logX, List<? extends Number> x,
                        Map<String, List<? extends Number>> series, Path file) throws IOException {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    chart.getStyler().setXAxisLogarithmic(logX);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setYAxisDecimalPattern("#,##0");
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    series.forEach((name, y) -> {
      if (!y.isEmpty() && y.size() == x.size()) {
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
      }
    });
    if (!chart.getSeriesMap().isEmpty()) {
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
