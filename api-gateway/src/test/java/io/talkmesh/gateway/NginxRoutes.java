package io.talkmesh.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which upstream one {@code server} block of an nginx configuration sends a path to, choosing the {@code location} as
 * nginx does: an exact ({@code =}) match; else the longest prefix, unless it is {@code ^~}, loses to the first regex
 * ({@code ~}, {@code ~*}) that matches. Enough of nginx for {@code deploy/nginx.conf} (no nested locations).
 */
final class NginxRoutes {
  private static final Pattern LOCATION = Pattern.compile(
      "location\\s+(=|\\^~|~\\*|~)?\\s*(\\S+)\\s*\\{([^}]*)}");
  private static final Pattern PROXY_PASS = Pattern.compile("proxy_pass\\s+https?://([\\w.-]+)");

  private record Location(String modifier, String pattern, String upstream) {
    boolean matches(String path) {
      return switch (modifier) {
        case "=" -> path.equals(pattern);
        case "~" -> Pattern.compile(pattern).matcher(path).find();
        case "~*" -> Pattern.compile(pattern, Pattern.CASE_INSENSITIVE).matcher(path).find();
        default -> path.startsWith(pattern);
      };
    }

    boolean regex() {
      return modifier.startsWith("~");
    }
  }

  private final List<Location> locations;

  private NginxRoutes(List<Location> locations) {
    this.locations = locations;
  }

  /** The {@code server} block of {@code config} that has {@code listen <port>;}. */
  static NginxRoutes server(String config, int port) {
    String text = config.replaceAll("#[^\n]*", "");
    Matcher server = Pattern.compile("\\bserver\\s*\\{").matcher(text);
    while (server.find()) {
      String block = block(text, server.end());
      if (Pattern.compile("\\blisten\\s+" + port + "\\s*;").matcher(block).find()) {
        List<Location> locations = new ArrayList<>();
        Matcher m = LOCATION.matcher(block);
        while (m.find()) {
          Matcher pass = PROXY_PASS.matcher(m.group(3));
          locations.add(new Location(m.group(1) == null ? "" : m.group(1), m.group(2),
              pass.find() ? pass.group(1) : null));
        }
        return new NginxRoutes(locations);
      }
    }
    throw new AssertionError("no server block listens on " + port);
  }

  /** The upstream of {@code proxy_pass} in the location nginx picks for {@code path}; null if none matches. */
  String upstreamOf(String path) {
    Location longest = null;
    for (Location l : locations) {
      if (l.modifier().equals("=") && l.matches(path)) {
        return l.upstream();
      }
      if (!l.regex() && !l.modifier().equals("=") && l.matches(path)
          && (longest == null || l.pattern().length() > longest.pattern().length())) {
        longest = l;
      }
    }
    if (longest == null || !longest.modifier().equals("^~")) {
      for (Location l : locations) {
        if (l.regex() && l.matches(path)) {
          return l.upstream();
        }
      }
    }
    return longest == null ? null : longest.upstream();
  }

  /** The text between the brace opened just before {@code start} and the one that closes it. */
  private static String block(String text, int start) {
    int depth = 1;
    for (int i = start; i < text.length(); i++) {
      if (text.charAt(i) == '{') {
        depth++;
      } else if (text.charAt(i) == '}' && --depth == 0) {
        return text.substring(start, i);
      }
    }
    throw new AssertionError("unbalanced braces in the nginx configuration");
  }
}
