package io.talkmesh.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void allowsABurstOfTwiceTheRateThenRefillsAtTheRate() {
    RateLimiter limiter = new RateLimiter("messages", 5);
    UUID agent = UUID.randomUUID();
    long t = 1_000 * SECOND;
    int burst = 0;
    while (limiter.tryTake(agent, t)) {
      burst++;
    }
    assertThat(burst).isEqualTo(10);
    assertThat(limiter.tryTake(agent, t + SECOND / 10)).isFalse();
    assertThat(limiter.tryTake(agent, t + SECOND / 5)).isTrue();
  }

  @Test
  void agentsHaveTheirOwnBuckets() {
    RateLimiter limiter = new RateLimiter("reactions", 1);
    UUID a = UUID.randomUUID();
    long t = 5 * SECOND;
    limiter.tryTake(a, t);
    limiter.tryTake(a, t);
    assertThat(limiter.tryTake(a, t)).isFalse();
    assertThat(limiter.tryTake(UUID.randomUUID(), t)).isTrue();
  }
}
