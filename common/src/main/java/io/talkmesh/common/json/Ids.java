package io.talkmesh.common.json;

import io.talkmesh.common.error.TalkException;
import java.util.UUID;

/** Parses ids that arrive from outside; a malformed id is a 400, never a 500. */
public final class Ids {
  private Ids() {
  }

  public static UUID parse(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw TalkException.invalid("INVALID_ID", "%s is required", field);
    }
    try {
      UUID id = UUID.fromString(value);
      if (!id.toString().equals(value.toLowerCase())) {
        throw new IllegalArgumentException(value);
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw TalkException.invalid("INVALID_ID", "%s is not a valid UUID: '%s'", field, value);
    }
  }

  public static UUID parseOptional(String field, String value) {
    return value == null || value.isEmpty() ? null : parse(field, value);
  }
}
