package io.talkmesh.common.request.message;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.json.WindowCursor;
import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.FromQuery;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.math.BigInteger;
import java.util.UUID;

/**
 * A window of the chat {@code id}'s messages (docs/find.md, "Jump to a message"): around {@code anchor} (a message id
 * of the chat, {@link #FIRST_UNREAD} or {@link #NEWEST}, the default) with up to {@code num_before} older and
 * {@code num_after} newer messages, or, with {@code page_token} instead of an anchor, the next {@code num_before}
 * older or {@code num_after} newer messages from a window's edge. Either count is clamped to 0..{@link #MAX_COUNT}.
 */
public record MessagesAround(@FromPath("id") UUID chatId, @FromQuery String anchor, @FromQuery int numBefore,
                             @FromQuery int numAfter, @FromQuery String pageToken) implements Request {
  public static final String FIRST_UNREAD = "first_unread";
  public static final String NEWEST = "newest";
  public static final int DEFAULT_COUNT = 20;
  public static final int MAX_COUNT = 100;

  public static MessagesAround from(OperationInput in) {
    UUID chatId = in.id("id");
    String anchor = in.query().get("anchor");
    String token = in.query().get("page_token");
    int before = count("num_before", in.query().get("num_before"));
    int after = count("num_after", in.query().get("num_after"));
    if (token != null && !token.isEmpty()) {
      if (anchor != null && !anchor.isEmpty()) {
        throw TalkException.invalid("INVALID_ANCHOR", "give anchor or page_token, not both");
      }
      WindowCursor.parse(token);
      return new MessagesAround(chatId, null, before, after, token);
    }
    if (anchor == null || anchor.isEmpty()) {
      anchor = NEWEST;
    } else if (!anchor.equals(FIRST_UNREAD) && !anchor.equals(NEWEST)) {
      try {
        Ids.parse("anchor", anchor);
      } catch (TalkException e) {
        throw TalkException.invalid("INVALID_ANCHOR", "anchor must be a message id, '%s' or '%s'", FIRST_UNREAD,
            NEWEST);
      }
    }
    return new MessagesAround(chatId, anchor, before, after, null);
  }

  /** The continuation cursor, or null when the window is asked around an anchor. */
  public WindowCursor cursor() {
    return pageToken == null ? null : WindowCursor.parse(pageToken);
  }

  /** The anchor's message id, or null for {@link #FIRST_UNREAD}, {@link #NEWEST} and a continuation. */
  public UUID anchorId() {
    return anchor == null || anchor.equals(FIRST_UNREAD) || anchor.equals(NEWEST) ? null : UUID.fromString(anchor);
  }

  /** An integer clamped to 0..MAX_COUNT, as page sizes are clamped; anything else is 400 naming the parameter. */
  private static int count(String name, String value) {
    if (value == null || value.isEmpty()) {
      return DEFAULT_COUNT;
    }
    BigInteger n;
    try {
      n = new BigInteger(value);
    } catch (NumberFormatException e) {
      throw TalkException.invalid("INVALID_" + name.toUpperCase(java.util.Locale.ROOT), "%s must be an integer, got '%s'",
          name, value);
    }
    return n.max(BigInteger.ZERO).min(BigInteger.valueOf(MAX_COUNT)).intValue();
  }
}
