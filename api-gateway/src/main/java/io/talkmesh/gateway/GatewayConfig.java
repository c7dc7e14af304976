package io.talkmesh.gateway;

import io.talkmesh.common.auth.AuthConfig;
import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.config.Env;
import io.talkmesh.gateway.security.ClientAddress;
import io.talkmesh.gateway.security.OriginPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The gateway's settings, read once from the environment.
 *
 * @param httpPort      {@code TALK_HTTP_PORT} (8080; 0 = a random free port, see {@link Gateway#deploy})
 * @param managementPort {@code TALK_GATEWAY_MANAGEMENT_PORT} (8084; 0 = a random free port): {@code /metrics} and
 *                      health, for the cluster only (the public port serves health but not metrics)
 * @param rpcTimeoutMs  {@code TALK_RPC_TIMEOUT_MS} (3000): how long one request waits for talk-manager
 * @param amqp          {@code TALK_AMQP_URI}, {@code TALK_AMQP_PREFIX}
 * @param auth          {@code TALK_JWT_SECRET} (required), {@code TALK_JWT_TTL_SECONDS}
 * @param instances     {@code TALK_GATEWAY_INSTANCES} (1): HTTP verticle instances, each with its own broker client
 * @param bodyLimit     {@code TALK_HTTP_BODY_LIMIT} (1048576 bytes): larger request bodies are answered 413
 * @param corsOrigins   {@code TALK_CORS_ORIGINS}: comma-separated browser origins allowed to call the API
 *                      (default none: same-origin only)
 * @param sendsPerSecond     {@code TALK_RATE_SENDS_PER_SECOND} (10): messages one agent may send per second,
 *                           bursts of twice that, per gateway instance
 * @param reactionsPerSecond {@code TALK_RATE_REACTIONS_PER_SECOND} (10): likewise for reactions
 * @param trustedProxies {@code TALK_TRUSTED_PROXIES}: comma-separated addresses or CIDR ranges of the proxies in
 *                       front (default none); only from them is {@code X-Forwarded-For} believed
 * @param consolePushUrls {@code TALK_CONSOLE_PUSH_URLS}: comma-separated {@code ws://} / {@code wss://} URLs on other
 *                        hosts the console may open (besides any port of its own host)
 */
public record GatewayConfig(int httpPort, int managementPort, long rpcTimeoutMs, AmqpConfig amqp, AuthConfig auth,
                            int instances, long bodyLimit, List<String> corsOrigins, int sendsPerSecond,
                            int reactionsPerSecond, ClientAddress trustedProxies, List<String> consolePushUrls) {

  public static GatewayConfig from(Map<String, String> env) {
    Env e = new Env(env);
    return new GatewayConfig(
        e.port("TALK_HTTP_PORT", 8080),
        e.port("TALK_GATEWAY_MANAGEMENT_PORT", 8084),
        e.positive("TALK_RPC_TIMEOUT_MS", 3000),
        AmqpConfig.from(e),
        AuthConfig.from(e),
        e.positive("TALK_GATEWAY_INSTANCES", 1),
        e.positive("TALK_HTTP_BODY_LIMIT", 1024 * 1024),
        OriginPolicy.origins("TALK_CORS_ORIGINS", list(e.string("TALK_CORS_ORIGINS", ""))),
        e.positive("TALK_RATE_SENDS_PER_SECOND", 10),
        e.positive("TALK_RATE_REACTIONS_PER_SECOND", 10),
        ClientAddress.parse("TALK_TRUSTED_PROXIES", list(e.string("TALK_TRUSTED_PROXIES", ""))),
        OriginPolicy.pushUrls("TALK_CONSOLE_PUSH_URLS", list(e.string("TALK_CONSOLE_PUSH_URLS", ""))));
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList();
  }
}
