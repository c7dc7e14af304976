package io.talkmesh.push.delivery;

import io.talkmesh.common.bounded.LruMap;
import java.util.Map;
import java.util.UUID;

/**
 * Drops events seen before: per chat, the last seq delivered; an event with a seq at or below it is a redelivery.
 * Bounded (least recently used chats are forgotten) so an instance that sees many chats keeps constant memory.
 */
public final class SeqFilter {
  private final Map<UUID, Long> lastSeq;

  public SeqFilter(int maxChats) {
    this.lastSeq = new LruMap<>(maxChats);
  }

  /** True the first time (chat, seq) is offered with a seq above every earlier one; remembers it. */
  public boolean firstTime(UUID chatId, long seq) {
    Long last = lastSeq.get(chatId);
    if (last != null && seq <= last) {
      return false;
    }
    lastSeq.put(chatId, seq);
    return true;
  }
}
