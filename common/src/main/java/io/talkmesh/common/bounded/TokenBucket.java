package io.talkmesh.common.bounded;

/**
 * A token bucket: refills at {@code perSecond} tokens a second up to {@code burst}, starts full, and each accepted
 * unit of work takes one token. Time is passed in (nanoseconds, e.g. {@link System#nanoTime()}) so callers and
 * tests decide the clock. Not thread-safe: one owner, on one event loop.
 */
public final class TokenBucket {
  private final double perSecond;
  private final double burst;
  private double tokens;
  private long last;

  public TokenBucket(double perSecond, double burst, long nowNanos) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.last = nowNanos;
  }

  /** Takes one token at time {@code nowNanos}; false when the bucket holds less than one. */
  public boolean tryTake(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - last) / 1e9 * perSecond);
    last = nowNanos;
    if (tokens < 1.0) {
      return false;
    }
    tokens -= 1.0;
    return true;
  }
}
