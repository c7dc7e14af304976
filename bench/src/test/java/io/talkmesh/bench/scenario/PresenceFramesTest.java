package io.talkmesh.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceFramesTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void entriesAreCountedWithoutParsingAndParsedInEitherTimestampFormat() {
    String frame = frame(3);
    assertThat(PresenceFrames.isPresence(frame)).isTrue();
    assertThat(PresenceFrames.isPresence("{\"type\":\"subscribed\",\"topics\":[]}")).isFalse();
    assertThat(PresenceFrames.countEntries(frame)).isEqualTo(3);
    List<PresenceFrames.Entry> entries = PresenceFrames.parse(frame);
    assertThat(entries).hasSize(3);
    assertThat(entries.get(0)).isEqualTo(new PresenceFrames.Entry("a0", "available", "available",
        Instant.parse("2026-12-03T14:00:00.000100Z")));
    assertThat(entries.get(1).tmPresence()).isEqualTo(Instant.parse("2026-12-03T14:00:00.123456Z"));
    assertThat(entries.get(2).tmPresence()).isNull();
  }

  @Test
  void aSubscriberWithAFrameEverySecondIsWithinTheRateAndOneWithTwoInASecondIsNot() {
    PresenceFrames frames = new PresenceFrames();
    PresenceFrames.Subscriber steady = frames.subscriber(true);
    PresenceFrames.Subscriber busy = frames.subscriber(true);
    PresenceFrames.Subscriber churned = frames.subscriber(false);
    frames.counting(true);
    for (int s = 0; s <= 10; s++) {
      steady.frame(frame(2), s * SECOND + 5_000_000);
      busy.frame(frame(2), s * SECOND);
      busy.frame(frame(1), s * SECOND + SECOND / 10);
      churned.frame(frame(1), s * SECOND);
    }
    steady.frame("{\"type\":\"subscribed\",\"topics\":[]}", 11 * SECOND);
    JsonObject json = frames.toJson(10.0);
    assertThat(json.getLong("frames")).isEqualTo(11 + 22 + 11);
    assertThat(json.getLong("entries")).isEqualTo(22 + 33 + 11);
    assertThat(json.getLong("other_frames")).isEqualTo(1);
    assertThat(json.getLong("steady_subscribers")).isEqualTo(2);
    JsonObject per = json.getJsonObject("per_subscriber");
    assertThat(per.getLong("frames_max")).isEqualTo(22);
    assertThat(per.getDouble("frames_per_second_max")).isEqualTo(2.1);
    assertThat(per.getDouble("frames_per_second_mean")).isEqualTo(1.55);
    assertThat(per.getLong("short_gaps")).isEqualTo(11);
  }

  @Test
  void aFullFrameMayBeFollowedAtOnceByTheRestOfItsSecond() {
    PresenceFrames frames = new PresenceFrames();
    PresenceFrames.Subscriber s = frames.subscriber(true);
    frames.counting(true);
    for (int i = 0; i <= 4; i++) {
      s.frame(frame(PresenceFrames.MAX_ENTRIES), i * SECOND);
      s.frame(frame(10), i * SECOND + 1_000_000);
    }
    JsonObject per = frames.toJson(4.0).getJsonObject("per_subscriber");
    assertThat(per.getLong("short_gaps")).isZero();
    assertThat(per.getDouble("frames_per_second_max")).isEqualTo(1.0);
  }

  @Test
  void framesBeforeCountingStartsAreNotCounted() {
    PresenceFrames frames = new PresenceFrames();
    PresenceFrames.Subscriber s = frames.subscriber(true);
    s.frame(frame(5), 0);
    frames.counting(true);
    s.frame(frame(1), 2 * SECOND);
    frames.counting(false);
    s.frame(frame(1), 4 * SECOND);
    JsonObject json = frames.toJson(2.0);
    assertThat(json.getLong("frames")).isEqualTo(1);
    assertThat(json.getLong("entries")).isEqualTo(1);
    assertThat(json.getLong("max_entries_per_frame")).isEqualTo(1);
  }

  /** A presence frame of {@code n} entries: the first two with timestamps in the API's and in ISO form, then none. */
  static String frame(int n) {
    JsonArray agents = new JsonArray();
    for (int i = 0; i < n; i++) {
      String tm = i == 0 ? "2026-12-03 14:00:00.000100" : i == 1 ? "2026-12-03T14:00:00.123456Z" : "";
      agents.add(new JsonObject().put("agent_id", "a" + i).put("presence", "available").put("status", "available")
          .put("tm_presence", tm));
    }
    return new JsonObject().put("type", "presence").put("data", new JsonObject().put("agents", agents)).encode();
  }
}
