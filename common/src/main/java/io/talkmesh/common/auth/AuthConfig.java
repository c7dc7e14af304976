package io.talkmesh.common.auth;

import io.talkmesh.common.config.Env;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared token settings of gateway and push-service: {@code TALK_JWT_SECRET} (every instance must share it)
 * and {@code TALK_JWT_TTL_SECONDS} (default 86400).
 */
public record AuthConfig(String jwtSecret, int ttlSeconds) {
  private static final Logger LOG = LoggerFactory.getLogger(AuthConfig.class);
  static final String DEV_SECRET = "talk-mesh-development-secret-change-me";

  public static AuthConfig from(Env env) {
    String secret = env.string("TALK_JWT_SECRET", DEV_SECRET);
    if (secret.equals(DEV_SECRET)) {
      LOG.warn("TALK_JWT_SECRET is not set: using the development secret; set it in production");
    } else if (secret.length() < 32) {
      throw new IllegalArgumentException("TALK_JWT_SECRET must be at least 32 characters");
    }
    return new AuthConfig(secret, env.positive("TALK_JWT_TTL_SECONDS", 86400));
  }
}
