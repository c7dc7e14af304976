package io.talkmesh.common.model;

import io.talkmesh.common.error.TalkException;

/** Chat types of the Talk API; {@code normal} is accepted on input as the older name of {@code direct}. */
public enum ChatType {
  DIRECT("direct"),
  GROUP("group"),
  TALK("talk");

  private final String wire;

  ChatType(String wire) {
    this.wire = wire;
  }

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
    for (ChatType t : values()) {
      if (t.wire.equals(value)) {
        return t;
      }
    }
    throw TalkException.invalid("INVALID_CHAT_TYPE", "type must be direct, group or talk, got '%s'", value);
  }
}
