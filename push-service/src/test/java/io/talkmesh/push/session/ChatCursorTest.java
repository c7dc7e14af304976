package io.talkmesh.push.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The per-chat resume state: held live events, repeats, holes. */
class ChatCursorTest {
  private final ChatCursor<String> cursor = new ChatCursor<>(UUID.randomUUID(), 5, 3);

  @Test
  void liveEventsAreHeldWhileCatchingUpAndSentAfterTheMissedOnes() {
    assertThat(cursor.offer(9, "e9")).isEqualTo(ChatCursor.Verdict.HELD);
    assertThat(cursor.offer(10, "e10")).isEqualTo(ChatCursor.Verdict.HELD);
    assertThat(cursor.joinsLive()).as("6..8 still missing").isFalse();
    cursor.delivered(6);
    cursor.delivered(7);
    cursor.delivered(8);
    assertThat(cursor.joinsLive()).isTrue();
    assertThat(cursor.goLive()).containsExactly("e9", "e10");
    cursor.delivered(9);
    cursor.delivered(10);
    assertThat(cursor.offer(11, "e11")).isEqualTo(ChatCursor.Verdict.DELIVER);
  }

  @Test
  void eventsTheLogAlreadySentAreDropped() {
    cursor.offer(6, "e6");
    cursor.offer(7, "e7");
    cursor.delivered(6);
    cursor.delivered(7);
    assertThat(cursor.joinsLive()).isTrue();
    assertThat(cursor.goLive()).isEmpty();
    assertThat(cursor.offer(7, "again")).isEqualTo(ChatCursor.Verdict.DROP);
  }

  @Test
  void aHoleInTheLiveStreamGoesBackToCatchingUp() {
    cursor.goLive();
    assertThat(cursor.offer(6, "e6")).isEqualTo(ChatCursor.Verdict.DELIVER);
    cursor.delivered(6);
    assertThat(cursor.offer(8, "e8")).isEqualTo(ChatCursor.Verdict.GAP);
    assertThat(cursor.catchingUp()).isTrue();
    assertThat(cursor.offer(9, "e9")).isEqualTo(ChatCursor.Verdict.HELD);
  }

  @Test
  void theHoldIsBounded() {
    cursor.offer(7, "a");
    cursor.offer(8, "b");
    cursor.offer(9, "c");
    assertThat(cursor.offer(10, "d")).isEqualTo(ChatCursor.Verdict.OVERFLOW);
  }
}
