package io.talkmesh.common.model;

import io.talkmesh.common.error.TalkException;

/** Chat types of the Talk API; {@code normal} is accepted on input as the older name of {@code direct}. */
public enum ChatType {
  DIRECT,
  GROUP,
  TALK;

  /** The wire name: the constant's name in lower case. */
  private final String wire = name().toLowerCase(java.util.Locale.ROOT);

  public String wire() {
    return wire;
  }

  public static ChatType parse(String value) {
    if (value == null || value.isEmpty()) {
      throw TalkException.invalid("INVALID_CHAT_TYPE", "type is required: direct, group or talk");
    }
    if (value.equals("normal")) {
      return DIRECT;
    }
    return java.util.Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst().orElseThrow(() ->
        TalkException.invalid("INVALID_CHAT_TYPE", "type must be direct, group or talk, got '%s'", value));
  }
}
