package io.talkmesh.gateway.route;

import io.talkmesh.gateway.GatewayConfig;
import io.talkmesh.gateway.security.RateLimiter;
import java.util.function.ToIntFunction;

/**
 * The rate-limit class of a public route: which per-agent token bucket its requests take from (one bucket per class,
 * shared by every route of the class), or none.
 */
public enum Limit {
  NONE(null, null),
  MESSAGES("messages", GatewayConfig::sendsPerSecond),
  REACTIONS("reactions", GatewayConfig::reactionsPerSecond),
  /**
   * Read marks: a mark that moves nothing changes nothing, but each still takes the chat's row lock for a moment,
   * and sends of the chat wait on it; at the reaction rate an agent marks as fast as any screen reads.
   */
  READS("read marks", GatewayConfig::reactionsPerSecond),
  /**
   * Pins and unpins: each is an event to every participant of the chat, as a reaction is, and costs as much; the
   * reaction rate is more than any person pins at.
   */
  PINS("pins", GatewayConfig::reactionsPerSecond),
  /**
   * Searches: one ranks every message of the agent's chats that matches, the costliest read there is; a search box
   * that searches as one types (debounced) stays far below the reaction rate.
   */
  SEARCHES("searches", GatewayConfig::reactionsPerSecond),
  /**
   * Password changes: each costs a bcrypt hash on talk-manager (tens of ms of CPU), so one agent repeating them could
   * starve everyone's requests; nobody changes a password more than once a second (bursts of 2).
   */
  PASSWORDS("password changes", config -> 1),
  /**
   * Status changes: while the agent is connected each is a presence change pushed to every presence subscriber of
   * the customer (docs/websocket.md, "Presence"); the reaction rate is more than any person changes status at.
   */
  STATUSES("status changes", GatewayConfig::reactionsPerSecond);

  private final String kind;
  private final ToIntFunction<GatewayConfig> perSecond;

  Limit(String kind, ToIntFunction<GatewayConfig> perSecond) {
    this.kind = kind;
    this.perSecond = perSecond;
  }

  /** This class's token bucket at the configured rate; none for {@link #NONE}. */
  RateLimiter limiter(GatewayConfig config) {
    return perSecond == null ? null : new RateLimiter(kind, perSecond.applyAsInt(config));
  }
}
