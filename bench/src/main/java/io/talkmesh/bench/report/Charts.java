package io.talkmesh.bench.report;

import io.talkmesh.bench.measure.Latency;
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
