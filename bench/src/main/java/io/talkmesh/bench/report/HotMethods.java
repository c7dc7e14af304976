package io.talkmesh.bench.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a service's flight recording and ranks its CPU samples ({@code jdk.ExecutionSample}): by the method on top
 * of the stack (self time), and by the first talk-mesh method on the stack (which of our code paths the time is
 * spent under).
 */
public final class HotMethods {
  private static final int TOP = 12;

  private HotMethods() {
  }

  public static JsonObject of(Path recording) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> ours = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
        continue;
      }
      samples++;
      var frames = event.getStackTrace().getFrames();
      if (!frames.isEmpty()) {
        self.merge(name(frames.get(0)), 1, Integer::sum);
      }
      String mine = "(no talk-mesh frame)";
      for (RecordedFrame f : frames) {
        if (f.getMethod().getType().getName().startsWith("io.talkmesh.")) {
          mine = name(f);
          break;
        }
      }
      ours.merge(mine, 1, Integer::sum);
    }
    return new JsonObject().put("samples", samples).put("self", top(self, samples)).put("under_talk_mesh", top(ours, samples));
  }

  private static String name(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
  }

  private static JsonArray top(Map<String, Integer> counts, int total) {
    JsonArray array = new JsonArray();
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
        .forEach(e -> array.add(new JsonObject().put("method", e.getKey()).put("samples", e.getValue())
            .put("percent", Math.round(1000.0 * e.getValue() / Math.max(1, total)) / 10.0)));
    return array;
  }
}
