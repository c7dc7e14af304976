package io.talkmesh.devstack.monitoring;

import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression reads: identifiers that are not followed by {@code (} (functions, and the
 * aggregations' {@code by (…)}), not keywords or aggregation operators, and not inside label matchers {@code {…}},
 * ranges {@code […]}, string literals, comments or Grafana variables ({@code $job}, {@code ${job}}).
 * A name given only as {@code {__name__="…"}} is not seen: talk-mesh's dashboard and rules do not select that way.
 */
public final class PromQl {
  /** Binary operators, grouping modifiers, aggregation operators and literals: never a metric. */
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
      "ignoring", "group_left", "group_right", "atan2", "inf", "nan", "sum", "min", "max", "avg", "group", "stddev",
      "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
  /** Keywords whose parenthesised list holds label names, not expressions. */
  private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private PromQl() {
  }

  /** The metric names {@code expr} selects, sorted. */
  public static Set<String> metricNames(String expr) {
    Set<String> names = new TreeSet<>();
    int i = 0;
    int n = expr.length();
    while (i < n) {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (c == '#') {
        int eol = expr.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (c == '{') {
        i = skipBlock(expr, i, '{', '}');
      } else if (c == '[') {
        i = skipBlock(expr, i, '[', ']');
      } else if (c == '$') {
        i = skipVariable(expr, i + 1);
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
        i = skipNumber(expr, i);
      } else if (identifierStart(c)) {
        int end = i + 1;
        while (end < n && identifierPart(expr.charAt(end))) {
          end++;
        }
        String word = expr.substring(i, end);
        int next = skipSpace(expr, end);
        boolean call = next < n && expr.charAt(next) == '(';
        if (LABEL_LISTS.contains(word) && call) {
          end = skipBlock(expr, next, '(', ')');
        } else if (!call && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
          names.add(word);
        }
        i = end;
      } else {
        i++;
      }
    }
    return names;
  }

  private static boolean identifierStart(char c) {
    return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean identifierPart(char c) {
    return identifierStart(c) || (c >= '0' && c <= '9');
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Past the closing quote (a backslash escapes the next character except in raw `…` strings). */
  private static int skipString(String s, int start) {
    char quote = s.charAt(start);
    int i = start + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException("unterminated string at " + start + " in: " + s);
  }

  /** Past the bracket closing the one at {@code start}, strings inside skipped whole. */
  private static int skipBlock(String s, int start, char open, char close) {
    int depth = 0;
    int i = start;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(s, i);
        continue;
      }
      if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        return i + 1;
      }
      i++;
    }
    throw new IllegalArgumentException("unbalanced " + open + " at " + start + " in: " + s);
  }

  /** A Grafana variable after its {@code $}: {@code name} or {@code {name}}. */
  private static int skipVariable(String s, int i) {
    if (i < s.length() && s.charAt(i) == '{') {
      return skipBlock(s, i, '{', '}');
    }
    while (i < s.length() && identifierPart(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** A number or a duration ({@code 0.99}, {@code 1e-3}, {@code 0x1f}, {@code 5m}, {@code 1h30m}). */
  private static int skipNumber(String s, int i) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if ((c == 'e' || c == 'E') && i + 1 < s.length() && (s.charAt(i + 1) == '-' || s.charAt(i + 1) == '+')) {
        i += 2;
      } else if (Character.isLetterOrDigit(c) || c == '.' || c == '_') {
        i++;
      } else {
        return i;
      }
    }
    return i;
  }
}
