package io.talkmesh.push;

import io.talkmesh.common.auth.AuthConfig;
import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.config.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * push-service's settings, read once from the environment.
 *
 * @param wsPort        {@code TALK_WS_PORT} (8081; 0 = a random free port, see {@link PushService#deploy})
 * @param amqp          {@code TALK_AMQP_URI}, {@code TALK_AMQP_PREFIX}
 * @param auth          {@code TALK_JWT_SECRET}, {@code TALK_JWT_TTL_SECONDS}
 * @param rpcTimeoutMs  {@code TALK_RPC_TIMEOUT_MS} (3000): loading an agent's chats from talk-manager
 * @param maxQueue      {@code TALK_WS_MAX_QUEUE} (1000): frames written to a socket but not yet sent; more closes
 *                      it with 4008 "slow consumer: resume"
 * @param maxQueueBytes {@code TALK_WS_MAX_QUEUE_BYTES} (4194304): the same limit in bytes (the socket's write queue)
 * @param prefetch      {@code TALK_PUSH_PREFETCH} (256): unacknowledged events the broker hands this instance
 * @param pingMs        {@code TALK_WS_PING_MS} (20000): interval of server pings that keep idle sockets alive
 * @param idleMs        {@code TALK_WS_IDLE_MS} (60000): a client that sends nothing, not even a pong, for this long
 *                      is closed with 4000 "idle timeout: resume" (checked at each ping)
 * @param framesPerSecond {@code TALK_WS_FRAMES_PER_SECOND} (20): client frames per connection and second, bursts of
 *                      twice that; frames over it are dropped with a RATE_LIMITED error frame
 * @param managementPort {@code TALK_PUSH_MANAGEMENT_PORT} (8083; 0 = a random free port): {@code /metrics},
 *                      {@code /stats} and health, kept off the public WebSocket port
 * @param maxSessionsPerAgent {@code TALK_WS_MAX_SESSIONS_PER_AGENT} (20): open WebSockets of one agent on this
 *                      instance; one more is refused 429 TOO_MANY_SESSIONS before the upgrade
 * @param chatBindings {@code TALK_PUSH_CHAT_BINDINGS} (1000): per customer, chats bound one by one on this instance;
 *                      past it the customer's whole stream is bound, until the count falls to half of it
 * @param allowedOrigins {@code TALK_CORS_ORIGINS} (none; the gateway's variable): browser origins besides the
 *                      request's own host that may open a cookie-authenticated WebSocket
 * @param presence      {@code TALK_PUSH_PRESENCE_*}: heartbeat, report and frame intervals (see
 *                      {@link io.talkmesh.push.presence.PresenceTiming})
 */
public record PushConfig(int wsPort, AmqpConfig amqp, AuthConfig auth, long rpcTimeoutMs, int maxQueue,
                         int maxQueueBytes, int prefetch, long pingMs, long idleMs, int framesPerSecond,
                         int managementPort, int maxSessionsPerAgent, int chatBindings,
                         List<String> allowedOrigins, io.talkmesh.push.presence.PresenceTiming presence) {

  public static PushConfig from(Map<String, String> env) {
    Env e = new Env(env);
    return new PushConfig(
        e.port("TALK_WS_PORT", 8081),
        AmqpConfig.from(e),
        AuthConfig.from(e),
        e.positive("TALK_RPC_TIMEOUT_MS", 3000),
        e.positive("TALK_WS_MAX_QUEUE", 1000),
        e.positive("TALK_WS_MAX_QUEUE_BYTES", 4 * 1024 * 1024),
        e.positive("TALK_PUSH_PREFETCH", 256),
        e.positive("TALK_WS_PING_MS", 20_000),
        e.positive("TALK_WS_IDLE_MS", 60_000),
        e.positive("TALK_WS_FRAMES_PER_SECOND", 20),
        e.port("TALK_PUSH_MANAGEMENT_PORT", 8083),
        e.positive("TALK_WS_MAX_SESSIONS_PER_AGENT", 20),
        e.positive("TALK_PUSH_CHAT_BINDINGS", 1000),
        origins(e.string("TALK_CORS_ORIGINS", "")),
        io.talkmesh.push.presence.PresenceTiming.from(e));
  }

  /** Comma-separated origins as the gateway reads them, compared case-insensitively without a trailing slash. */
  private static List<String> origins(String value) {
    List<String> origins = new ArrayList<>();
    for (String origin : value.split(",")) {
      String o = origin.trim().toLowerCase();
      if (!o.isEmpty()) {
        origins.add(o.endsWith("/") ? o.substring(0, o.length() - 1) : o);
      }
    }
    return List.copyOf(origins);
  }
}
