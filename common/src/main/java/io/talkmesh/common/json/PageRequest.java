package io.talkmesh.common.json;

import io.talkmesh.common.error.TalkException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import io.talkmesh.common.model.Page;

/**
 * A page request of a newest-first list: a size (default and cap 100) and an optional cursor. A page is also
 * bounded in bytes ({@link #MAX_BYTES}): it stops early, with a token after its last item, once its items' JSON
 * reaches that budget, so a reply stays far below what a broker peer accepts and no item is skipped.
 * The cursor is the (tm_create, id) of the last item served, so equal timestamps never skip or repeat items;
 * on the wire it is an opaque base64url token.
 */
public record PageRequest(int size, Instant afterTime, UUID afterId) {
  public static final int MAX_SIZE = 100;
  /** The encoded JSON size of a page's items that ends the page early (1 MiB; one item always fits). */
  public static final int MAX_BYTES = 1024 * 1024;

  public static PageRequest of(String pageSize, String pageToken) {
    int size = MAX_SIZE;
    if (pageSize != null && !pageSize.isEmpty()) {
      try {
        size = Integer.parseInt(pageSize);
      } catch (NumberFormatException e) {
        throw TalkException.invalid("INVALID_PAGE_SIZE", "page_size must be an integer, got '%s'", pageSize);
      }
      if (size <= 0 || size > MAX_SIZE) {
        throw TalkException.invalid("INVALID_PAGE_SIZE", "page_size must be between 1 and %d, got %d", MAX_SIZE, size);
      }
    }
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

  /** The page these items make: a continuation token only when the page is full. */
  public <T> Page<T> page(List<T> items, Function<T, Instant> time, Function<T, UUID> id) {
    if (items.size() < size || items.isEmpty()) {
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
    int fit = fitting(items, bytes, MAX_BYTES);
    if (fit == items.size()) {
      return page(items, time, id);
    }
    List<T> kept = List.copyOf(items.subList(0, fit));
    T last = kept.get(fit - 1);
    return new Page<>(kept, tokenAfter(time.apply(last), id.apply(last)));
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

  /** The token that continues after the given item. */
  public static String tokenAfter(Instant time, UUID id) {
    String raw = time.toString() + "|" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }
}
