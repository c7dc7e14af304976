package io.talkmesh.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.model.Actor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The verified-token cache answers only until a token expires and stays within its bound. */
class VerifiedTokensTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  private static Jwt.Verified expiringAt(Instant at) {
    return new Jwt.Verified(Actor.agent(UUID.randomUUID(), UUID.randomUUID(), 0x10), at);
  }

  @Test
  void anEntryAnswersUntilItsTokenExpiresThenIsGone() {
    MutableClock clock = new MutableClock(T0);
    VerifiedTokens cache = new VerifiedTokens(10, clock);
    Jwt.Verified alice = expiringAt(T0.plusSeconds(60));
    cache.put("token-a", alice);
    assertThat(cache.get("token-a")).isSameAs(alice);
    assertThat(cache.get("token-a-tampered")).isNull();
    clock.now = T0.plusSeconds(60);
    assertThat(cache.get("token-a")).as("not at or after exp").isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void pastItsCapacityExpiredEntriesGoFirstThenEverything() {
    MutableClock clock = new MutableClock(T0);
    VerifiedTokens cache = new VerifiedTokens(3, clock);
    cache.put("old-1", expiringAt(T0.plusSeconds(1)));
    cache.put("old-2", expiringAt(T0.plusSeconds(1)));
    cache.put("live", expiringAt(T0.plusSeconds(100)));
    clock.now = T0.plusSeconds(2);
    cache.put("new", expiringAt(T0.plusSeconds(100)));
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("live")).isNotNull();
    cache.put("more", expiringAt(T0.plusSeconds(100)));
    cache.put("again", expiringAt(T0.plusSeconds(100)));
    assertThat(cache.size()).isLessThanOrEqualTo(3);
    assertThat(cache.get("again")).isNotNull();
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
