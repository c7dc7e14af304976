package io.talkmesh.common.auth;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already verified, so a request with a token seen before costs a map lookup instead of an HMAC check, a
 * JSON parse and claim decoding. Keyed by the whole token string (header, claims and signature): a token changed in
 * any byte is another key and is verified in full; only tokens that verified are stored, so a flood of forged tokens
 * adds nothing. An entry answers until its token's {@code exp}, never after (tokens are not revocable before their
 * expiry in this design, so a cached verdict is the verdict a fresh check would give). Bounded: past
 * {@link #capacity} entries the expired ones go, and if that is not enough, all of them (the next requests verify
 * again; no entry outlives its token either way).
 */
final class VerifiedTokens {
  static final int DEFAULT_CAPACITY = 10_000;

  private final Map<String, Jwt.Verified> verified = new ConcurrentHashMap<>();
  private final int capacity;
  private final Clock clock;

  VerifiedTokens(int capacity, Clock clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  /** The cached verdict, or null when the token is unknown or expired (an expired entry is dropped). */
  Jwt.Verified get(String token) {
    Jwt.Verified hit = verified.get(token);
    if (hit == null) {
      return null;
    }
    if (!hit.expiresAt().isAfter(clock.instant())) {
      verified.remove(token, hit);
      return null;
    }
    return hit;
  }

  void put(String token, Jwt.Verified result) {
    if (verified.size() >= capacity) {
      var now = clock.instant();
      verified.values().removeIf(v -> !v.expiresAt().isAfter(now));
      if (verified.size() >= capacity) {
        verified.clear();
      }
    }
    verified.put(token, result);
  }

  int size() {
    return verified.size();
  }
}
