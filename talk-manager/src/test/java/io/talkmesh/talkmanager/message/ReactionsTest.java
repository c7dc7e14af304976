package io.talkmesh.talkmanager.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.common.error.TalkException;
import org.junit.jupiter.api.Test;

class ReactionsTest {
  @Test
  void emojiAndShortNamesAreAccepted() {
    assertThat(Reactions.emoji("👍")).isEqualTo("👍");
    assertThat(Reactions.emoji("thumbsup")).isEqualTo("thumbsup");
    assertThat(Reactions.emoji("👩‍👩‍👧‍👦")).isEqualTo("👩‍👩‍👧‍👦");
    assertThat(Reactions.emoji("👍🏽")).isEqualTo("👍🏽");
  }

  @Test
  void emptyBlankLongOrControlEmojiAreInvalid() {
    for (String bad : new String[] {null, "", "  ", "x".repeat(33), "a b", "a\u0000", "a\n"}) {
      assertThatThrownBy(() -> Reactions.emoji(bad)).as("%s", bad).isInstanceOf(TalkException.class)
          .hasFieldOrPropertyWithValue("reason", "INVALID_EMOJI");
    }
  }
}
