package io.talkmesh.push.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ping interval is cut into ~250 ms slices; short intervals keep one slice (every session every tick). */
class PingSlicesTest {
  @Test
  void slicesFollowTheIntervalWithinBounds() {
    assertThat(Session.pingSlices(100)).isEqualTo(1);
    assertThat(Session.pingSlices(499)).isEqualTo(1);
    assertThat(Session.pingSlices(1_000)).isEqualTo(4);
    assertThat(Session.pingSlices(20_000)).isEqualTo(80);
    assertThat(Session.pingSlices(3_600_000)).isEqualTo(80);
  }

  @Test
  void aTickOfEachSliceCoversTheIntervalExactlyOnce() {
    for (long pingMs : new long[] {200, 1_000, 20_000}) {
      int slices = Session.pingSlices(pingMs);
      long tick = Math.max(1, pingMs / slices);
      assertThat(tick * slices).isBetween(pingMs - slices, pingMs);
    }
  }
}
