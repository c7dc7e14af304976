package io.talkmesh.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PresenceTallyTest {
  private static final long MS = 1_000_000L;
  private static final Instant T0 = Instant.parse("2026-12-03T14:00:00Z");

  @Test
  void theFirstObserverToSeeAChangeGivesItsDelayAndTheLastItsSpread() {
    PresenceTally tally = new PresenceTally();
    tally.measuring(true);
    tally.expect("a", "away", 1_000 * MS, "status", true);
    Instant tm = T0.plusMillis(100);
    tally.seen(new PresenceFrames.Entry("a", "away", "away", tm), 0, 1_400 * MS, T0.plusMillis(400));
    tally.seen(new PresenceFrames.Entry("a", "away", "away", tm), 2, 1_450 * MS, T0.plusMillis(450));
    tally.seen(new PresenceFrames.Entry("a", "away", "away", tm), 1, 1_420 * MS, T0.plusMillis(420));
    // observer 0 gets the same entry again a second later (a frame sent twice): a duplicate, not its spread
    tally.seen(new PresenceFrames.Entry("a", "away", "away", tm), 0, 2_400 * MS, T0.plusMillis(1400));
    JsonObject status = tally.toJson().getJsonObject("status");
    assertThat(status.getLong("requested")).isEqualTo(1);
    assertThat(status.getInteger("seen")).isEqualTo(1);
    assertThat(status.getLong("missing")).isZero();
    assertThat(status.getJsonObject("request_to_first").getDouble("p50_ms")).isEqualTo(400.0);
    assertThat(status.getJsonObject("first_to_last").getDouble("max_ms")).isEqualTo(50.0);
    assertThat(status.getJsonObject("tm_presence_to_first").getDouble("p50_ms")).isEqualTo(300.0);
    assertThat(status.getInteger("observers_min")).isEqualTo(3);
    assertThat(status.getLong("duplicates")).isEqualTo(1);
  }

  @Test
  void anEntryOfAnotherPresenceDoesNotAnswerTheChangeAndAnUnansweredOneIsMissing() {
    PresenceTally tally = new PresenceTally();
    tally.measuring(true);
    tally.expect("a", "offline", 0, "offline", true);
    tally.seen(new PresenceFrames.Entry("a", "available", "available", T0), 0, 10 * MS, T0);
    JsonObject json = tally.toJson();
    assertThat(json.getJsonObject("offline").getInteger("seen")).isZero();
    assertThat(json.getJsonObject("offline").getLong("missing")).isEqualTo(1);
    assertThat(json.getInteger("unexpected")).isEqualTo(1);
  }

  @Test
  void anEntryOfAReloadingAgentIsAFlapAndWarmUpChangesAreNotCounted() {
    PresenceTally tally = new PresenceTally();
    tally.quiet("r");
    tally.expect("w", "away", 0, "status", false);
    tally.seen(new PresenceFrames.Entry("w", "away", "away", T0), 0, 500 * MS, T0);
    tally.seen(new PresenceFrames.Entry("r", "offline", "available", T0), 0, 600 * MS, T0);
    tally.measuring(true);
    tally.seen(new PresenceFrames.Entry("r", "offline", "available", T0.plusSeconds(5)), 0, 5_600 * MS, T0.plusSeconds(5));
    tally.seen(new PresenceFrames.Entry("r", "offline", "available", T0.plusSeconds(5)), 1, 5_700 * MS, T0.plusSeconds(5));
    JsonObject json = tally.toJson();
    assertThat(json.containsKey("status")).isFalse();
    assertThat(json.getInteger("flaps")).isEqualTo(1);
    assertThat(json.getInteger("unexpected")).isZero();
  }
}
