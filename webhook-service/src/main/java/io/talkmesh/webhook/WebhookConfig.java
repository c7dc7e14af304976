package io.talkmesh.webhook;

import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.config.Env;
import io.talkmesh.common.webhook.TargetPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * webhook-service's settings, read once from the environment.
 *
 * @param amqp             {@code TALK_AMQP_URI}, {@code TALK_AMQP_PREFIX}, {@code TALK_AMQP_QUEUE_TYPE} (its work
 *                         queues are quorum queues when that says so)
 * @param managementPort   {@code TALK_WEBHOOK_MANAGEMENT_PORT} (8085; 0 = a random free port): health and metrics
 * @param rpcTimeoutMs     {@code TALK_RPC_TIMEOUT_MS} (3000): asking talk-manager for a customer's endpoints
 * @param targets          {@code TALK_WEBHOOK_ALLOWED_TARGETS}: CIDR blocks deliveries may reach beyond public
 *                         addresses (none by default)
 * @param timeoutMs        {@code TALK_WEBHOOK_TIMEOUT_MS} (10000): connect + answer of one delivery
 * @param maxResponseBytes {@code TALK_WEBHOOK_MAX_RESPONSE_BYTES} (65536): what is read of an answer's body
 * @param concurrency      {@code TALK_WEBHOOK_CONCURRENCY} (4): deliveries in flight per endpoint (one per chat at
 *                         a time: a chat's events go in seq order)
 * @param ratePerSecond    {@code TALK_WEBHOOK_RATE_PER_SECOND} (50): deliveries started per endpoint and second
 * @param shards           {@code TALK_WEBHOOK_SHARDS} (16): delivery queues; an endpoint's events all go through one
 * @param prefetch         {@code TALK_WEBHOOK_PREFETCH} (64): unacknowledged deliveries per shard queue
 * @param retryDelaysMs    {@code TALK_WEBHOOK_RETRY_DELAYS_MS} (1 s, 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h):
 *                         the waits between attempts, the last repeated; each is jittered by up to a fifth
 * @param retryPeriodMs    {@code TALK_WEBHOOK_RETRY_PERIOD_MS} (86400000 = 24 h): how long an event is retried
 *                         before it is parked
 * @param cacheMs          {@code TALK_WEBHOOK_ENDPOINT_CACHE_MS} (5000): how long a customer's endpoints are kept
 *                         before asking talk-manager again (a change reaches deliveries within it)
 * @param brokerRetries    {@code TALK_WEBHOOK_RETRY_QUEUES} ({@code broker}): where a failed delivery waits for its
 *                         delay: {@code broker}, RabbitMQ's retry queues (message expiration and dead-lettering);
 *                         {@code memory}, for a broker that does not dead-letter expired messages (the embedded
 *                         development broker): the delivery stays unacknowledged in its shard meanwhile and is
 *                         republished when the delay is over, so a crash still loses nothing
 */
public record WebhookConfig(AmqpConfig amqp, int managementPort, long rpcTimeoutMs, TargetPolicy targets,
                            long timeoutMs, int maxResponseBytes, int concurrency, int ratePerSecond, int shards,
                            int prefetch, List<Long> retryDelaysMs, long retryPeriodMs, long cacheMs,
                            boolean brokerRetries) {
  static final String DEFAULT_DELAYS = "1000,5000,30000,120000,600000,1800000,3600000,7200000,14400000";

  public static WebhookConfig from(Map<String, String> env) {
    Env e = new Env(env);
    return new WebhookConfig(
        AmqpConfig.from(e),
        e.port("TALK_WEBHOOK_MANAGEMENT_PORT", 8085),
        e.positive("TALK_RPC_TIMEOUT_MS", 3000),
        TargetPolicy.fromEnv(env),
        e.positive("TALK_WEBHOOK_TIMEOUT_MS", 10_000),
        e.positive("TALK_WEBHOOK_MAX_RESPONSE_BYTES", 65_536),
        e.positive("TALK_WEBHOOK_CONCURRENCY", 4),
        e.positive("TALK_WEBHOOK_RATE_PER_SECOND", 50),
        e.positive("TALK_WEBHOOK_SHARDS", 16),
        e.positive("TALK_WEBHOOK_PREFETCH", 64),
        delays(e.string("TALK_WEBHOOK_RETRY_DELAYS_MS", DEFAULT_DELAYS)),
        Long.parseLong(e.string("TALK_WEBHOOK_RETRY_PERIOD_MS", "86400000")),
        e.positive("TALK_WEBHOOK_ENDPOINT_CACHE_MS", 5000),
        retryQueues(e.string("TALK_WEBHOOK_RETRY_QUEUES", "broker")));
  }

  private static boolean retryQueues(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "broker" -> true;
      case "memory" -> false;
      default -> throw new IllegalArgumentException("TALK_WEBHOOK_RETRY_QUEUES must be broker or memory, got '"
          + value + "'");
    };
  }

  private static List<Long> delays(String value) {
    List<Long> delays = new ArrayList<>();
    for (String part : value.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      try {
        long ms = Long.parseLong(p);
        if (ms <= 0) {
          throw new NumberFormatException();
        }
        delays.add(ms);
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException("TALK_WEBHOOK_RETRY_DELAYS_MS must be positive milliseconds, got '" + p + "'");
      }
    }
    if (delays.isEmpty()) {
      throw new IllegalArgumentException("TALK_WEBHOOK_RETRY_DELAYS_MS names no delay");
    }
    return List.copyOf(delays);
  }
}
