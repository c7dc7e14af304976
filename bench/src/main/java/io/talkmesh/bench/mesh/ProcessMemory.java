package io.talkmesh.bench.mesh;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Memory of another JVM: live heap after a full GC ({@code jcmd GC.run}, then {@code jstat -gc}) and resident set
 * size ({@code /proc/<pid>/status}).
 */
public final class ProcessMemory {
  private ProcessMemory() {
  }

  /** {@code {"heap_used_bytes", "rss_bytes"}} of a process, the heap measured right after a full collection. */
  public static JsonObject measure(long pid) {
    run("jcmd", Long.toString(pid), "GC.run");
    return new JsonObject().put("heap_used_bytes", heapUsed(pid)).put("rss_bytes", rss(pid));
  }

  /** This process's (and so its children's) limit on open files, from {@code /proc/self/limits}; -1 if unknown. */
  public static long openFileLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  static long heapUsed(long pid) {
    String out = run("jstat", "-gc", Long.toString(pid));
    String[] lines = out.strip().split("\n");
    if (lines.length < 2) {
      return -1;
    }
    String[] names = lines[0].trim().split("\\s+");
    String[] values = lines[lines.length - 1].trim().split("\\s+");
    double kb = 0;
    for (int i = 0; i < names.length && i < values.length; i++) {
      if (names[i].equals("S0U") || names[i].equals("S1U") || names[i].equals("EU") || names[i].equals("OU")) {
        kb += Double.parseDouble(values[i]);
      }
    }
    return (long) (kb * 1024);
  }

  static long rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private static String run(String tool, String... args) {
    Path bin = Path.of(System.getProperty("java.home"), "bin", tool);
    String[] command = new String[args.length + 1];
    command[0] = Files.exists(bin) ? bin.toString() : tool;
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
