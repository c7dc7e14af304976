package io.talkmesh.push.session;

/**
 * A connection's budget of client frames: a token bucket of {@code perSecond} frames a second, bursts of twice that
 * ({@code TALK_WS_FRAMES_PER_SECOND}). Frames over it are dropped with one RATE_LIMITED error frame per burst of
 * excess, so a flooding client cannot make the server flood it back. One per session, used on its event loop.
 */
final class FrameBudget {
  private final double perSecond;
  private final double burst;
  private double tokens;
  private long last;
  private boolean limited;

  FrameBudget(int perSecond, long nowNanos) {
    this.perSecond = perSecond;
    this.burst = perSecond * 2.0;
    this.tokens = burst;
    this.last = nowNanos;
  }

  /** Whether this frame may be handled now. */
  boolean take(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - last) / 1e9 * perSecond);
    last = nowNanos;
    if (tokens >= 1.0) {
      tokens -= 1.0;
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
