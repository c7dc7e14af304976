package io.talkmesh.talkmanager.message;

import io.talkmesh.common.error.TalkException;

/** What a reaction's emoji may be: a short, non-blank string without control characters ("👍", "thumbsup"). */
final class Reactions {
  static final int MAX_CODE_POINTS = 32;

  private Reactions() {
  }

  static String emoji(String value) {
    if (value == null || value.isBlank()) {
      throw TalkException.invalid("INVALID_EMOJI", "emoji is required");
    }
    if (value.codePointCount(0, value.length()) > MAX_CODE_POINTS) {
      throw TalkException.invalid("INVALID_EMOJI", "emoji is longer than %d characters", MAX_CODE_POINTS);
    }
    if (value.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.isWhitespace(cp))) {
      throw TalkException.invalid("INVALID_EMOJI", "emoji may not contain whitespace or control characters");
    }
    return value;
  }
}
