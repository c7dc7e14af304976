package io.talkmesh.common.bounded;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that holds at most {@code maxEntries}: adding one more forgets the least recently used entry (a get or a
 * put uses it), so state kept per agent, chat or request stays within constant memory. Not thread-safe.
 */
public final class LruMap<K, V> extends LinkedHashMap<K, V> {
  private final int maxEntries;

  public LruMap(int maxEntries) {
    super(16, 0.75f, true);
    this.maxEntries = maxEntries;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > maxEntries;
  }
}
