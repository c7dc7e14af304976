package io.talkmesh.devstack.monitoring;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What scrapes in Prometheus' text format expose: the sample names and the families their {@code # TYPE} lines
 * declare. A histogram's or summary's {@code _bucket}, {@code _count} and {@code _sum} count as exposed with their
 * family (a histogram with no observation yet still has them; its bare family name is no series and does not).
 */
public final class Exposition {
  private static final Set<String> SUFFIXES = Set.of("_bucket", "_count", "_sum");
  private final Set<String> samples = new TreeSet<>();
  private final Map<String, String> types = new TreeMap<>();

  /** Adds one scrape. */
  public Exposition add(String scrape) {
    for (String line : scrape.split("\n")) {
      String l = line.strip();
      if (l.startsWith("# TYPE ")) {
        String[] parts = l.split("\\s+");
        if (parts.length >= 4) {
          types.put(parts[2], parts[3]);
        }
      } else if (!l.isEmpty() && !l.startsWith("#")) {
        int end = 0;
        while (end < l.length() && l.charAt(end) != '{' && !Character.isWhitespace(l.charAt(end))) {
          end++;
        }
        samples.add(l.substring(0, end));
      }
    }
    return this;
  }

  /** Whether a query of {@code name} finds series here. */
  public boolean exposes(String name) {
    if (samples.contains(name)) {
      return true;
    }
    for (String suffix : SUFFIXES) {
      if (name.endsWith(suffix)) {
        String type = types.get(name.substring(0, name.length() - suffix.length()));
        if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The families declared by {@code # TYPE}, with their type. */
  public Map<String, String> families() {
    return Map.copyOf(types);
  }

  /** Every sample name seen. */
  public Set<String> samples() {
    return Set.copyOf(samples);
  }
}
