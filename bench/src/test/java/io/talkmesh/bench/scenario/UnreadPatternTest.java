package io.talkmesh.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnreadPatternTest {

  @Test
  void theClosedFormCountersEqualACountOverEveryMessageAfterThePointer() {
    for (long m : new long[] {10, 100, 1_059, 1_060, 1_061, 10_000}) {
      for (int chat = 0; chat < 200; chat++) {
        long r = UnreadPattern.pointer(chat, m);
        long unread = 0;
        long mentions = 0;
        long skip = 0;
        for (long k = r + 1; k <= m; k++) {
          boolean counts = !UnreadPattern.own(k) && !UnreadPattern.deleted(k);
          unread += counts ? 1 : 0;
          skip += counts ? 0 : 1;
          mentions += UnreadPattern.mentions(k) ? 1 : 0;
        }
        UnreadPattern.State state = UnreadPattern.state(r, m);
        assertThat(state.unreadCount()).as("unread, m=%d r=%d", m, r).isEqualTo(unread);
        assertThat(state.unreadSkip()).as("unread_skip, m=%d r=%d", m, r).isEqualTo(skip);
        assertThat(state.mentionCount()).as("mentions, m=%d r=%d", m, r).isEqualTo(mentions);
        assertThat(state.unreadCount()).isEqualTo(m - state.readOrdinal() - state.unreadSkip());
      }
    }
  }

  @Test
  void thePointerSitsMidChatSoEveryChatHasSomethingUnread() {
    for (long m : new long[] {10, 100, 10_000}) {
      for (int chat = 0; chat < 1_000; chat++) {
        long r = UnreadPattern.pointer(chat, m);
        assertThat(r).isBetween(m / 4, m - m / 4);
        assertThat(UnreadPattern.state(r, m).unreadCount()).isPositive();
      }
    }
  }

  @Test
  void onlyLiveMessagesOfThePeerMention() {
    for (long k = 1; k <= 5_000; k++) {
      if (UnreadPattern.mentions(k)) {
        assertThat(UnreadPattern.own(k) || UnreadPattern.deleted(k)).as("message %d", k).isFalse();
      }
    }
    assertThat(UnreadPattern.mentions(3)).isTrue();
    assertThat(UnreadPattern.mentions(53 * 11)).isFalse();
  }
}
