package io.talkmesh.common.bounded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LruMapTest {
  @Test
  void forgetsTheLeastRecentlyUsedEntryBeyondItsBound() {
    LruMap<String, Integer> map = new LruMap<>(2);
    map.put("a", 1);
    map.put("b", 2);
    map.get("a");
    map.put("c", 3);
    assertThat(map).as("b was used least recently").containsOnlyKeys("a", "c");
  }

  @Test
  void computeIfAbsentAlsoKeepsTheBound() {
    LruMap<Integer, Integer> map = new LruMap<>(100);
    for (int i = 0; i < 1000; i++) {
      map.computeIfAbsent(i, k -> k);
    }
    assertThat(map).hasSize(100).containsKeys(900, 999).doesNotContainKey(899);
  }
}
