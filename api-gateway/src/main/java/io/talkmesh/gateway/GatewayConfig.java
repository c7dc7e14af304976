package io.talkmesh.gateway;

import io.talkmesh.common.auth.AuthConfig;
import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.config.Env;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The gateway's settings, read once from the environment.
 *
 * @param httpPort      {@code TALK_HTTP_PORT} (8080; 0 = a random free port, see {@link Gateway#deploy})
 * @param rpcTimeoutMs  {@code TALK_RPC_TIMEOUT_MS} (3000): how long one request waits for talk-manager
 * @param amqp          {@code TALK_AMQP_URI}, {@code TALK_AMQP_PREFIX}
 * @param auth          {@code TALK_JWT_SECRET}, {@code TALK_JWT_TTL_SECONDS}
 * @param instances     {@code TALK_GATEWAY_INSTANCES} (1): HTTP verticle instances, each with its own broker client
 * @param bodyLimit     {@code TALK_HTTP_BODY_LIMIT} (1048576 bytes): larger request bodies are answered 413
 * @param corsOrigins   {@code TALK_CORS_ORIGINS}: comma-separated browser origins allowed to call the API
 *                      (default none: same-origin only)
 * @param sendsPerSecond     {@code TALK_RATE_SENDS_PER_SECOND} (10): messages one agent may send per second,
 *                           bursts of twice that, per gateway instance
 * @param reactionsPerSecond {@code TALK_RATE_REACTIONS_PER_SECOND} (10): likewise for reactions
 */
public record GatewayConfig(int httpPort, long rpcTimeoutMs, AmqpConfig amqp, AuthConfig auth, int instances,
                            long bodyLimit, List<String> corsOrigins, int sendsPerSecond, int reactionsPerSecond) {

  public static GatewayConfig from(Map<String, String> env) {
    Env e = new Env(env);
    return new GatewayConfig(
        e.port("TALK_HTTP_PORT", 8080),
        e.positive("TALK_RPC_TIMEOUT_MS", 3000),
        AmqpConfig.from(e),
        AuthConfig.from(e),
        e.positive("TALK_GATEWAY_INSTANCES", 1),
        e.positive("TALK_HTTP_BODY_LIMIT", 1024 * 1024),
        Arrays.stream(e.string("TALK_CORS_ORIGINS", "").split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList(),
        e.positive("TALK_RATE_SENDS_PER_SECOND", 10),
        e.positive("TALK_RATE_REACTIONS_PER_SECOND", 10));
  }
}
