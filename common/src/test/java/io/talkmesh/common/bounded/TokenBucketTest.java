package io.talkmesh.common.bounded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void startsFullThenRefusesUntilTimeRefillsIt() {
    TokenBucket bucket = new TokenBucket(4, 8, 0);
    int taken = 0;
    while (bucket.tryTake(0)) {
      taken++;
    }
    assertThat(taken).as("a full bucket gives its burst").isEqualTo(8);
    assertThat(bucket.tryTake(SECOND / 8)).as("half a token after 1/8 s").isFalse();
    assertThat(bucket.tryTake(SECOND / 4)).as("one token after 1/4 s").isTrue();
    assertThat(bucket.tryTake(SECOND / 4)).isFalse();
  }

  @Test
  void neverHoldsMoreThanItsBurst() {
    TokenBucket bucket = new TokenBucket(10, 3, 0);
    long later = 3600 * SECOND;
    int taken = 0;
    while (bucket.tryTake(later)) {
      taken++;
    }
    assertThat(taken).as("an hour idle still refills only up to the burst").isEqualTo(3);
  }
}
