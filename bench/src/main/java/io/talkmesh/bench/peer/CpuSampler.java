package io.talkmesh.bench.peer;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU-seconds (utime + stime from {@code /proc/<pid>/stat}) used by named process groups between {@link #start()}
 * and {@link #stop()}. A group is re-resolved at both ends: a process that appeared in between counts with all its
 * time, one that exited in between is lost (the servers' connection pools keep their processes, so neither happens
 * in a measured window). PostgreSQL is counted as its postmaster, its background processes (shared by every database:
 * WAL writer, checkpointer...) and the backends of one database only, so other databases' clients on the shared
 * server stay out of the figure.
 */
public final class CpuSampler {
  private static final double TICKS = ticks();

  private final Map<String, Supplier<List<Long>>> groups = new LinkedHashMap<>();
  private Map<Long, Long> before = Map.of();
  private long startNanos;
  private JsonObject result;

  public CpuSampler group(String name, Supplier<List<Long>> pids) {
    groups.put(name, pids);
    return this;
  }

  public CpuSampler start() {
    before = snapshot();
    startNanos = System.nanoTime();
    return this;
  }

  /** {@code {"seconds": wall, "<group>": cpu-seconds, ...}}. */
  public JsonObject stop() {
    double wall = (System.nanoTime() - startNanos) / 1e9;
    JsonObject out = new JsonObject().put("wall_seconds", round(wall));
    for (Map.Entry<String, Supplier<List<Long>>> g : groups.entrySet()) {
      long ticks = 0;
      for (long pid : g.getValue().get()) {
        long now = ticks(pid);
        if (now >= 0) {
          ticks += now - before.getOrDefault(pid, 0L);
        }
      }
      out.put(g.getKey(), round(ticks / TICKS));
    }
    result = out;
    return out;
  }

  public JsonObject result() {
    return result;
  }

  private Map<Long, Long> snapshot() {
    Map<Long, Long> m = new HashMap<>();
    for (Supplier<List<Long>> g : groups.values()) {
      for (long pid : g.get()) {
        long t = ticks(pid);
        if (t >= 0) {
          m.put(pid, t);
        }
      }
    }
    return m;
  }

  public static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Processes whose command name ({@code /proc/<pid>/comm}) is {@code comm}, run by {@code user} (null: anyone). */
  public static List<Long> pidsOf(String comm, String user) {
    List<Long> out = new ArrayList<>();
    for (long pid : allPids()) {
      if (comm.equals(read(pid, "comm").strip()) && (user == null || user.equals(owner(pid)))) {
        out.add(pid);
      }
    }
    return out;
  }

  /** The PostgreSQL server's processes, with only {@code database}'s backends. */
  public static List<Long> postgres(String database) {
    List<Long> out = new ArrayList<>();
    for (long pid : pidsOf("postgres", null)) {
      String title = read(pid, "cmdline").replace('\0', ' ').strip();
      String[] w = title.split(" ");
      // backends are titled "postgres: <user> <database> <client> <state>"; everything else is the server's own
      boolean backend = title.startsWith("postgres: ") && w.length >= 4 && (w[3].contains("(") || w[3].equals("[local]"));
      if (!backend || w[2].equals(database)) {
        out.add(pid);
      }
    }
    return out;
  }

  private static List<Long> allPids() {
    try (Stream<Path> s = Files.list(Path.of("/proc"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
          .map(Long::parseLong).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String read(long pid, String file) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  private static String owner(long pid) {
    try {
      return Files.getOwner(Path.of("/proc", Long.toString(pid))).getName();
    } catch (IOException e) {
      return "";
    }
  }

  private static double ticks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      p.waitFor();
      return Double.parseDouble(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  public static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
