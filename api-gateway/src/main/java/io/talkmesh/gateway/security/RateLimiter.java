package io.talkmesh.gateway.security;

import io.talkmesh.common.bounded.LruMap;
import io.talkmesh.common.bounded.TokenBucket;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.gateway.auth.TokenAuth;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;

/**
 * Per-agent token buckets for one kind of write (sends, reactions): {@code perSecond} tokens a second, bursts of
 * twice that. Over the limit → 429 RESOURCE_EXHAUSTED with {@code Retry-After}. State is per gateway instance (an
 * event loop, so no locking): with N instances an agent can reach N times the rate; the bound still stops a runaway
 * client. At most {@value #MAX_AGENTS} agents are tracked, least recently seen forgotten first.
 */
public final class RateLimiter {
  static final int MAX_AGENTS = 100_000;

  private final String kind;
  private final double perSecond;
  private final double burst;
  private final Map<UUID, TokenBucket> buckets = new LruMap<>(MAX_AGENTS);

  public RateLimiter(String kind, int perSecond) {
    this.kind = kind;
    this.perSecond = perSecond;
    this.burst = perSecond * 2.0;
  }

  public Handler<RoutingContext> handler() {
    return ctx -> {
      if (tryTake(TokenAuth.actor(ctx).ownerId(), System.nanoTime())) {
        ctx.next();
      } else {
        ctx.fail(TalkException.exhausted("RATE_LIMITED", 1, "too many %s; slow down", kind));
      }
    };
  }

  /** Takes one token of this agent's bucket at time {@code nanos}; false when the bucket is empty. */
  boolean tryTake(UUID agent, long nanos) {
    return buckets.computeIfAbsent(agent, a -> new TokenBucket(perSecond, burst, nanos)).tryTake(nanos);
  }
}
