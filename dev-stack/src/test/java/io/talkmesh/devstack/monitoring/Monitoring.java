package io.talkmesh.devstack.monitoring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The PromQL that {@code deploy/} ships: every target and variable query of a Grafana dashboard and every rule of a
 * Prometheus rules file, each with where it is, and which of their metric names a mesh's scrapes do not expose.
 */
public final class Monitoring {
  /** Grafana's {@code label_values(<selector>, <label>)} variable query: only the selector is PromQL. */
  private static final Pattern LABEL_VALUES = Pattern.compile("(?s)^\\s*label_values\\((.*?)(?:,\\s*(\\w+))?\\)\\s*$");

  /** One PromQL expression and where it is ({@code panel "RPC latency" target A}, {@code alert TalkOutboxLag}). */
  public record Expression(String where, String promql) {
    public Set<String> metricNames() {
      return PromQl.metricNames(promql);
    }
  }

  private Monitoring() {
  }

  /** The expressions of a Grafana dashboard: panel targets (rows' nested panels too) and variable queries. */
  public static List<Expression> dashboard(JsonObject dashboard) {
    List<Expression> out = new ArrayList<>();
    panels(dashboard.getJsonArray("panels", new JsonArray()), out);
    JsonArray variables = dashboard.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray());
    for (Object v : variables) {
      JsonObject variable = (JsonObject) v;
      if (!"query".equals(variable.getString("type"))) {
        continue;
      }
      Object query = variable.getValue("query");
      String text = query instanceof JsonObject q ? q.getString("query", "") : String.valueOf(query);
      Matcher labelValues = LABEL_VALUES.matcher(text);
      if (labelValues.matches()) {
        if (labelValues.group(2) == null) {
          continue; // label_values(label): no selector
        }
        text = labelValues.group(1);
      }
      out.add(new Expression("variable $" + variable.getString("name"), text));
    }
    return out;
  }

  private static void panels(JsonArray panels, List<Expression> out) {
    for (Object p : panels) {
      JsonObject panel = (JsonObject) p;
      for (Object t : panel.getJsonArray("targets", new JsonArray())) {
        JsonObject target = (JsonObject) t;
        if (target.containsKey("expr")) {
          out.add(new Expression("panel \"" + panel.getString("title") + "\" target " + target.getString("refId", "?"),
              target.getString("expr")));
        }
      }
      panels(panel.getJsonArray("panels", new JsonArray()), out);
    }
  }

  /** The expressions of a Prometheus rules file, alerting and recording rules alike. */
  @SuppressWarnings("unchecked")
  public static List<Expression> rules(String yaml) {
    List<Expression> out = new ArrayList<>();
    Map<String, Object> file = new Yaml().load(yaml);
    for (Object g : (List<Object>) file.getOrDefault("groups", List.of())) {
      Map<String, Object> group = (Map<String, Object>) g;
      for (Object r : (List<Object>) group.getOrDefault("rules", List.of())) {
        Map<String, Object> rule = (Map<String, Object>) r;
        String name = rule.containsKey("alert") ? "alert " + rule.get("alert") : "record " + rule.get("record");
        out.add(new Expression(name, String.valueOf(rule.get("expr"))));
      }
    }
    return out;
  }

  /**
   * Each metric name the expressions use that {@code exposed} does not have and that is not one of {@code external}
   * (series Prometheus makes itself, such as {@code up}), with the places that use it.
   */
  public static Map<String, Set<String>> missing(List<Expression> expressions, Exposition exposed, Set<String> external) {
    Map<String, Set<String>> missing = new TreeMap<>();
    for (Expression e : expressions) {
      for (String name : e.metricNames()) {
        if (!exposed.exposes(name) && !external.contains(name)) {
          missing.computeIfAbsent(name, k -> new TreeSet<>()).add(e.where());
        }
      }
    }
    return missing;
  }

  /**
   * The exposed families with {@code prefix} that no expression reads (by name or by its
   * {@code _bucket}/{@code _count}/{@code _sum}); Micrometer's {@code <timer>_max} gauges count with their timer.
   */
  public static Set<String> unused(List<Expression> expressions, Exposition exposed, String prefix) {
    Set<String> used = new TreeSet<>();
    expressions.forEach(e -> used.addAll(e.metricNames()));
    Set<String> unused = new TreeSet<>();
    for (String family : exposed.families().keySet()) {
      String base = family.endsWith("_max") && exposed.families().containsKey(family.substring(0, family.length() - 4))
          ? family.substring(0, family.length() - 4) : family;
      if (family.startsWith(prefix) && !used.contains(family) && !used.contains(base)
          && !used.contains(base + "_bucket") && !used.contains(base + "_count") && !used.contains(base + "_sum")) {
        unused.add(family);
      }
    }
    return unused;
  }
}
