package io.talkmesh.common.request.search;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.operation.FromQuery;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A full-text search over the messages the caller may read (docs/find.md, "Search"): every word of {@code q} must
 * match (as a prefix), optionally only in chat {@code chat_id}, by author {@code owner_id}, sent after {@code after}
 * and before {@code before} (the API's timestamps, both exclusive). Results are ranked, so a page is a position in
 * the ranking: {@code page_token} holds the offset of the page's first result (at most {@link #MAX_DEPTH}).
 */
public record SearchMessages(@FromQuery String q, @FromQuery UUID chatId, @FromQuery UUID ownerId,
                             @FromQuery Instant after, @FromQuery Instant before, @FromQuery int pageSize,
                             @FromQuery String pageToken) implements Request {
  /** The longest query, in characters after trimming. */
  public static final int MAX_QUERY_LENGTH = 200;
  /** How deep into the ranking pages reach: a search is for finding, not for exporting a chat. */
  public static final int MAX_DEPTH = 1000;
  private static final String OFFSET = "offset:";

  public static SearchMessages from(OperationInput in) {
    String q = in.query().get("q");
    q = q == null ? "" : q.strip();
    int length = q.codePointCount(0, q.length());
    if (length == 0 || length > MAX_QUERY_LENGTH) {
      throw TalkException.invalid("INVALID_QUERY", "q must be 1 to %d characters, got %d", MAX_QUERY_LENGTH, length);
    }
    if (q.codePoints().noneMatch(Character::isLetterOrDigit)) {
      throw TalkException.invalid("INVALID_QUERY", "q has no word to search for (letters or digits)");
    }
    String token = in.query().get("page_token");
    token = token == null ? "" : token;
    offset(token);
    return new SearchMessages(q, in.optionalQueryId("chat_id"), in.optionalQueryId("owner_id"),
        time(in, "after"), time(in, "before"), PageRequest.of(in.query().get("page_size"), null).size(), token);
  }

  /** Where in the ranking this page starts. */
  public int offset() {
    return offset(pageToken);
  }

  /** The token of the page that starts at this position of the ranking. */
  public static String tokenAt(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((OFFSET + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** The timestamps in the API's format (a record component would be written as ISO-8601). */
  @Override
  public Map<String, String> queryParams() {
    Map<String, String> params = new LinkedHashMap<>(Request.super.queryParams());
    params.computeIfPresent("after", (k, v) -> Timestamps.format(after));
    params.computeIfPresent("before", (k, v) -> Timestamps.format(before));
    return params;
  }

  private static int offset(String token) {
    if (token.isEmpty()) {
      return 0;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!raw.startsWith(OFFSET)) {
        throw new IllegalArgumentException(raw);
      }
      int offset = Integer.parseInt(raw.substring(OFFSET.length()));
      if (offset < 0 || offset > MAX_DEPTH) {
        throw new IllegalArgumentException(raw);
      }
      return offset;
    } catch (RuntimeException e) {
      throw TalkException.invalid("INVALID_PAGE_TOKEN", "page_token is not a token this API issued");
    }
  }

  private static Instant time(OperationInput in, String name) {
    String value = in.query().get(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Timestamps.parse(value);
    } catch (RuntimeException e) {
      throw TalkException.invalid("INVALID_TIMESTAMP", "%s must be a time like 2026-01-31 23:59:59.000000 (UTC), got '%s'",
          name, value);
    }
  }
}
