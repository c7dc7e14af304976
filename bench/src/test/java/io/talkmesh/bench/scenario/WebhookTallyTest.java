package io.talkmesh.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookTallyTest {
  private static final long MS = 1_000_000L;

  /** Event {@code id} of {@code chat} at {@code seq}, committed at 10 s (Unix µs), received {@code afterMs} later. */
  private static WebhookTally.Delivery delivery(int endpoint, String id, String chat, long seq, long afterMs) {
    long committed = 10_000_000L;
    return new WebhookTally.Delivery(endpoint, id, id, chat, seq, committed, committed + afterMs * 1000, 0L, (afterMs + 5) * MS, true);
  }

  @Test
  void aDuplicateOfAnEventAtTheSameEndpointCountsOnceButTheSameEventAtAnotherEndpointIsADelivery() {
    WebhookTally tally = new WebhookTally();
    tally.measure(Map.of("c", 0L));
    tally.record(delivery(0, "e1", "c", 1, 20));
    tally.record(delivery(0, "e1", "c", 1, 900));
    tally.record(delivery(1, "e1", "c", 1, 40));
    JsonObject json = tally.toJson();
    assertThat(json.getLong("delivered")).isEqualTo(2);
    assertThat(json.getLong("duplicates")).isEqualTo(1);
    assertThat(json.getLong("posts")).isEqualTo(3);
    // the duplicate's 900 ms is not a latency: only first deliveries are
    assertThat(json.getJsonObject("committed_to_receipt").getDouble("max_ms")).isEqualTo(40.0);
    assertThat(json.getJsonObject("due_to_receipt").getDouble("max_ms")).isEqualTo(45.0);
  }

  @Test
  void eventsBeforeTheWindowOrOfOtherChatsAreNotMeasured() {
    WebhookTally tally = new WebhookTally();
    tally.measure(Map.of("c", 5L));
    tally.record(delivery(0, "old", "c", 5, 10));
    tally.record(delivery(0, "elsewhere", "d", 9, 10));
    tally.record(new WebhookTally.Delivery(0, "agent", "agent", null, 0, 0, 0, null, 0, true));
    tally.record(delivery(0, "new", "c", 6, 10));
    JsonObject json = tally.toJson();
    assertThat(json.getLong("delivered")).isEqualTo(1);
    assertThat(json.getLong("other_events")).isEqualTo(3);
    assertThat(tally.lastMeasuredNanos()).isEqualTo(15 * MS);
  }

  @Test
  void aBadSignatureIsCountedAndTheDeliveryIgnored() {
    WebhookTally tally = new WebhookTally();
    tally.measure(Map.of("c", 0L));
    tally.record(new WebhookTally.Delivery(0, "e1", "e1", null, 0, 0, 0, null, 0, false));
    assertThat(tally.toJson().getLong("signature_failures")).isEqualTo(1);
    assertThat(tally.reached(0)).isFalse();
    assertThat(tally.missing(List.of("e1"), 1).getLong("missing")).isEqualTo(1);
  }

  @Test
  void missingCountsEveryEndpointThatNeverGotAnExpectedEvent() {
    WebhookTally tally = new WebhookTally();
    tally.measure(Map.of("c", 0L));
    tally.record(delivery(0, "e1", "c", 1, 10));
    tally.record(delivery(0, "e2", "c", 2, 10));
    tally.record(delivery(1, "e2", "c", 2, 10));
    JsonObject missing = tally.missing(List.of("e1", "e2"), 2);
    assertThat(missing.getLong("expected")).isEqualTo(4);
    assertThat(missing.getLong("missing")).isEqualTo(1);
    assertThat(missing.getJsonArray("sample").getList()).containsExactly("1/e1");
    assertThat(tally.reached(1)).isTrue();
  }

  @Test
  void aLowerSeqThanTheEndpointsLastOfTheChatIsOutOfOrderAndAMismatchedHeaderIsCounted() {
    WebhookTally tally = new WebhookTally();
    tally.measure(Map.of("c", 0L, "d", 0L));
    tally.record(delivery(0, "e2", "c", 2, 10));
    tally.record(delivery(1, "e1", "c", 1, 10));
    tally.record(delivery(0, "d1", "d", 1, 10));
    tally.record(delivery(0, "e1", "c", 1, 10));
    tally.record(new WebhookTally.Delivery(0, "e3", "other", "c", 3, 0, 0, null, 0, true));
    JsonObject json = tally.toJson();
    assertThat(json.getLong("out_of_order")).isEqualTo(1);
    assertThat(json.getLong("event_id_mismatches")).isEqualTo(1);
  }
}
