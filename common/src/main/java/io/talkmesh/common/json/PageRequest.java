package io.talkmesh.common.json;

import io.talkmesh.common.error.TalkException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import io.talkmesh.common.model.Page;

/**
 * A page request of a newest-first list: a size (default 100; any integer is clamped to 1..100, as VoIPBIN does) and
 * an optional cursor. A page is also bounded in bytes ({@link #MAX_BYTES}): it stops early once its items' JSON reaches
 * that budget, so a reply stays far below what a broker peer accepts and no item is skipped.
 * The cursor is the (tm_create, id) of the last item served, so equal timestamps never skip or repeat items;
 * on the wire it is an opaque base64url token. A page with items always carries the token after its last item (a
 * client need not guess whether more follow); the page after the last item is empty with the token "", so a client
 * that pages until an empty page stops.
 */
public record PageRequest(int size, Instant afterTime, UUID afterId) {
  public static final int MAX_SIZE = 100;
  /** The encoded JSON size of a page's items that ends the page early (1 MiB; one item always fits). */
  public static final int MAX_BYTES = 1024 * 1024;

  public static PageRequest of(String pageSize, String pageToken) {
    int size = pageSize == null || pageSize.isEmpty() ? MAX_SIZE : clamped(pageSize);
    if (pageToken == null || pageToken.isEmpty()) {
      return new PageRequest(size, null, null);
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      Instant time = Instant.parse(raw.substring(0, bar));
      return new PageRequest(size, time, UUID.fromString(raw.substring(bar + 1)));
    } catch (RuntimeException e) {
      throw TalkException.invalid("INVALID_PAGE_TOKEN", "page_token is not a token this API issued");
    }
  }

  public boolean first() {
    return afterTime == null;
  }

  /** The page these items make: with a token after the last of them, unless there is none. */
  public <T> Page<T> page(List<T> items, Function<T, Instant> time, Function<T, UUID> id) {
    if (items.isEmpty()) {
      return new Page<>(items, "");
    }
    T last = items.get(items.size() - 1);
    return new Page<>(items, tokenAfter(time.apply(last), id.apply(last)));
  }

  /**
   * Like {@link #page(List, Function, Function)}, but the page ends early when the items' encoded size
   * ({@code bytes}) would pass {@link #MAX_BYTES}: the items that fit, and a token continuing right after the last
   * of them.
   */
  public <T> Page<T> page(List<T> items, Function<T, Instant> time, Function<T, UUID> id, ToIntFunction<T> bytes) {
    return page(List.copyOf(items.subList(0, fitting(items, bytes, MAX_BYTES))), time, id);
  }

  /** How many leading items fit in {@code budget} bytes; at least one when there is any. */
  public static <T> int fitting(List<T> items, ToIntFunction<T> bytes, long budget) {
    long used = 0;
    for (int i = 0; i < items.size(); i++) {
      used += bytes.applyAsInt(items.get(i)) + 1;
      if (used > budget && i > 0) {
        return i;
      }
    }
    return items.size();
  }

  /** An integer page_size clamped to 1..{@link #MAX_SIZE}, however large or negative; anything else is 400. */
  private static int clamped(String pageSize) {
    BigInteger size;
    try {
      size = new BigInteger(pageSize);
    } catch (NumberFormatException e) {
      throw TalkException.invalid("INVALID_PAGE_SIZE", "page_size must be an integer, got '%s'", pageSize);
    }
    return size.max(BigInteger.ONE).min(BigInteger.valueOf(MAX_SIZE)).intValue();
  }

  /** The token that continues after the given item. */
  public static String tokenAfter(Instant time, UUID id) {
    String raw = time.toString() + "|" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }
}
