package io.talkmesh.bench.measure;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code EXPLAIN (ANALYZE, BUFFERS)} of a statement as talk-manager runs it: prepared, executed a few times first so
 * PostgreSQL has chosen between its custom and generic plan as it does for the services' cached statements, then
 * explained once; reported as the buffers it touched (shared hit and read), its time and the plan's shape.
 */
public final class QueryPlan {
  /** Executions before the explained one: PostgreSQL weighs a generic plan after five custom ones. */
  static final int PRIOR_EXECUTIONS = 5;

  private QueryPlan() {
  }

  /**
   * @param parameterTypes the prepared statement's parameter types, e.g. {@code "text, uuid, int"}
   * @param sql            the statement with $1..$n, as the service sends it
   * @param arguments      SQL literals for $1..$n, e.g. {@code "'agent', '…'::uuid, 100"} (the bench's own values)
   */
  public static JsonObject explain(Connection c, String name, String parameterTypes, String sql, String arguments)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("PREPARE " + name + " (" + parameterTypes + ") AS " + sql);
      try {
        for (int i = 0; i < PRIOR_EXECUTIONS; i++) {
          s.execute("EXECUTE " + name + " (" + arguments + ")");
        }
        try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE " + name + " (" + arguments + ")")) {
          rs.next();
          return summary(new JsonArray(rs.getString(1)));
        }
      } finally {
        s.execute("DEALLOCATE " + name);
      }
    }
  }

  /**
   * {@code {"execution_ms", "planning_ms", "jit_ms", "shared_hit_blocks", "shared_read_blocks", "rows",
   * "buffers_by_relation", "shape"}} of an {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)} result; the buffers are the
   * top node's, which include every node below it (subplans too); {@code jit_ms} is the time PostgreSQL spent
   * compiling the plan (part of the execution time; null when it did not, its cost being under jit_above_cost).
   */
  public static JsonObject summary(JsonArray explained) {
    JsonObject top = explained.getJsonObject(0);
    JsonObject plan = top.getJsonObject("Plan");
    JsonObject jit = top.getJsonObject("JIT");
    return new JsonObject().put("execution_ms", top.getDouble("Execution Time"))
        .put("jit_ms", jit == null ? null : jit.getJsonObject("Timing", new JsonObject()).getDouble("Total"))
        .put("planning_ms", top.getDouble("Planning Time"))
        .put("shared_hit_blocks", plan.getLong("Shared Hit Blocks", 0L))
        .put("shared_read_blocks", plan.getLong("Shared Read Blocks", 0L))
        .put("rows", plan.getLong("Actual Rows", 0L))
        .put("buffers_by_relation", byRelation(plan, null, new JsonObject()))
        .put("shape", shape(plan));
  }

  /**
   * Shared buffers (hit + read) by the table whose scan touched them, its indexes included: each node's own buffers
   * (its total minus its children's) go to its relation, an index scan under a bitmap heap scan to that scan's.
   */
  static JsonObject byRelation(JsonObject node, String inherited, JsonObject into) {
    String relation = node.getString("Relation Name", node.containsKey("Index Name") ? inherited : null);
    long own = blocks(node);
    JsonArray children = node.getJsonArray("Plans", new JsonArray());
    for (Object child : children) {
      own -= blocks((JsonObject) child);
    }
    if (own > 0) {
      String key = relation == null ? "other" : relation;
      into.put(key, into.getLong(key, 0L) + own);
    }
    for (Object child : children) {
      byRelation((JsonObject) child, relation == null ? inherited : relation, into);
    }
    return into;
  }

  private static long blocks(JsonObject node) {
    return node.getLong("Shared Hit Blocks", 0L) + node.getLong("Shared Read Blocks", 0L);
  }

  /** The plan tree on one line: {@code Limit(Sort(Nested Loop(Index Scan talk_participants_owner, ...)))}. */
  static String shape(JsonObject node) {
    StringBuilder out = new StringBuilder(node.getString("Node Type"));
    String index = node.getString("Index Name");
    String relation = node.getString("Relation Name");
    if (index != null) {
      out.append(" ").append(index);
    } else if (relation != null) {
      out.append(" ").append(relation);
    }
    JsonArray children = node.getJsonArray("Plans");
    if (children != null && !children.isEmpty()) {
      List<String> inner = new ArrayList<>();
      for (Object child : children) {
        JsonObject c = (JsonObject) child;
        String part = c.getString("Subplan Name");
        inner.add(part == null ? shape(c) : part + ": " + shape(c));
      }
      out.append("(").append(String.join(", ", inner)).append(")");
    }
    return out.toString();
  }
}
