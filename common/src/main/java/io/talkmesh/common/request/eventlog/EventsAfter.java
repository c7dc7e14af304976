package io.talkmesh.common.request.eventlog;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.FromQuery;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** The events of the chat of the path {@code id} after seq {@code after_seq} (default 0), at most {@code limit}. */
public record EventsAfter(@FromPath("id") UUID chatId, @FromQuery long afterSeq, @FromQuery int limit)
    implements Request {
  /** The most events of one page, and the default. */
  public static final int MAX_LIMIT = 1000;

  public static EventsAfter from(OperationInput in) {
    UUID chatId = in.id("id");
    long afterSeq = number("after_seq", in.query().get("after_seq"), 0, Long.MAX_VALUE, 0);
    int limit = (int) number("limit", in.query().get("limit"), 1, MAX_LIMIT, MAX_LIMIT);
    return new EventsAfter(chatId, afterSeq, limit);
  }



  private static long number(String name, String value, long min, long max, long defaultValue) {
    if (value == null || value.isEmpty()) {
      return defaultValue;
    }
    try {
      long n = Long.parseLong(value);
      if (n < min || n > max) {
        throw TalkException.invalid("INVALID_" + name.toUpperCase(), "%s must be between %d and %d", name, min, max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw TalkException.invalid("INVALID_" + name.toUpperCase(), "%s must be an integer", name);
    }
  }
}
