package io.talkmesh.push.session;

import io.talkmesh.common.bounded.TokenBucket;

/**
 * A connection's budget of client frames: a token bucket of {@code perSecond} frames a second, bursts of twice that
 * ({@code TALK_WS_FRAMES_PER_SECOND}). Frames over it are dropped with one RATE_LIMITED error frame per burst of
 * excess, so a flooding client cannot make the server flood it back. One per session, used on its event loop.
 */
final class FrameBudget {
  private final TokenBucket bucket;
  private boolean limited;

  FrameBudget(int perSecond, long nowNanos) {
    this.bucket = new TokenBucket(perSecond, perSecond * 2.0, nowNanos);
  }

  /** Whether this frame may be handled now. */
  boolean take(long nowNanos) {
    if (bucket.tryTake(nowNanos)) {
      limited = false;
      return true;
    }
    return false;
  }

  /** True once per run of refused frames: when the client should be told. */
  boolean firstRefusal() {
    if (limited) {
      return false;
    }
    limited = true;
    return true;
  }
}
