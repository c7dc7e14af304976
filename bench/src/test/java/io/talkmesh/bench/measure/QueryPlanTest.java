package io.talkmesh.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class QueryPlanTest {

  @Test
  void theSummaryTakesTheTopNodesBuffersEachTablesShareAndTheTreesShape() {
    JsonObject participants = new JsonObject().put("Node Type", "Index Scan").put("Relation Name", "talk_participants")
        .put("Index Name", "talk_participants_owner").put("Shared Hit Blocks", 7);
    JsonObject chats = new JsonObject().put("Node Type", "Index Scan").put("Relation Name", "talk_chats")
        .put("Index Name", "talk_chats_pkey").put("Shared Hit Blocks", 3000);
    JsonObject messages = new JsonObject().put("Node Type", "Bitmap Heap Scan").put("Relation Name", "talk_messages")
        .put("Shared Hit Blocks", 40).put("Shared Read Blocks", 2).put("Plans", new JsonArray().add(new JsonObject()
            .put("Node Type", "Bitmap Index Scan").put("Index Name", "talk_messages_chat_ordinal").put("Shared Hit Blocks", 10)));
    JsonObject count = new JsonObject().put("Node Type", "Aggregate").put("Subplan Name", "SubPlan 1")
        .put("Shared Hit Blocks", 40).put("Shared Read Blocks", 2).put("Plans", new JsonArray().add(messages));
    JsonObject loop = new JsonObject().put("Node Type", "Nested Loop").put("Shared Hit Blocks", 3007)
        .put("Plans", new JsonArray().add(participants).add(chats));
    JsonObject top = new JsonObject().put("Node Type", "Limit").put("Actual Rows", 100).put("Shared Hit Blocks", 3047)
        .put("Shared Read Blocks", 2).put("Plans", new JsonArray().add(new JsonObject().put("Node Type", "Sort")
            .put("Shared Hit Blocks", 3047).put("Shared Read Blocks", 2).put("Plans", new JsonArray().add(loop).add(count))));
    JsonObject summary = QueryPlan.summary(new JsonArray().add(new JsonObject().put("Plan", top)
        .put("Planning Time", 0.2).put("Execution Time", 1.5)));
    assertThat(summary.getLong("shared_hit_blocks")).isEqualTo(3047);
    assertThat(summary.getLong("shared_read_blocks")).isEqualTo(2);
    assertThat(summary.getLong("rows")).isEqualTo(100);
    assertThat(summary.getDouble("execution_ms")).isEqualTo(1.5);
    assertThat(summary.getValue("jit_ms")).isNull();
    assertThat(summary.getString("shape")).isEqualTo("Limit(Sort(Nested Loop(Index Scan talk_participants_owner,"
        + " Index Scan talk_chats_pkey), SubPlan 1: Aggregate(Bitmap Heap Scan talk_messages(Bitmap Index Scan"
        + " talk_messages_chat_ordinal))))");
    assertThat(summary.getJsonObject("buffers_by_relation")).isEqualTo(new JsonObject().put("talk_participants", 7L)
        .put("talk_chats", 3000L).put("talk_messages", 42L));
  }

  @Test
  void aCompiledPlanReportsItsCompileTime() {
    JsonObject top = new JsonObject().put("Plan", new JsonObject().put("Node Type", "Result")).put("Execution Time", 31.0)
        .put("JIT", new JsonObject().put("Functions", 35).put("Timing", new JsonObject().put("Generation", 2.5).put("Total", 29.0)));
    assertThat(QueryPlan.summary(new JsonArray().add(top)).getDouble("jit_ms")).isEqualTo(29.0);
  }
}
