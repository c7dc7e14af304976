package io.talkmesh.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownTest {

  @Test
  void regeneratingKeepsTheTextOutsideTheMarkers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("BENCHMARKS.md");
    Files.writeString(file, "# title\n\nintro\n\n" + Markdown.BEGIN + "\nold figures\n" + Markdown.END + "\n\n## Analysis\nkept\n");
    Markdown.write(minimalRun(), file, "bench/results/full");
    String text = Files.readString(file);
    assertThat(text).startsWith("# title\n\nintro\n\n").contains("## Analysis\nkept").doesNotContain("old figures")
        .contains("Run of 2026-01-01 00:00 UTC");
  }

  private static JsonObject minimalRun() {
    return new JsonObject().put("mode", "full").put("infra", "real").put("date", "2026-01-01 00:00 UTC")
        .put("duration_seconds", 1.0)
        .put("machine", new JsonObject().put("cpu", "cpu").put("cores", 2).put("memory", "1 GiB").put("os", "Linux"))
        .put("versions", new JsonObject().put("java", "17").put("vertx", "5.0.8").put("postgres", "15").put("broker", "rabbit"))
        .put("mesh", new JsonObject().put("summary", "one of each"))
        .put("ratios", new JsonArray()).put("scenarios", new JsonObject()).put("baselines", new JsonObject());
  }
}
