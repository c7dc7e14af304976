package io.talkmesh.common.auth;

import io.talkmesh.common.config.Env;
import java.util.Locale;
import java.util.Set;

/**
 * The shared token settings of gateway and push-service: {@code TALK_JWT_SECRET} (required, every instance must share
 * it) and {@code TALK_JWT_TTL_SECONDS} (default 86400). There is no fallback secret: whoever knows the key can sign a
 * token for any agent of any customer, so a missing, short or published secret fails the start.
 */
public record AuthConfig(String jwtSecret, int ttlSeconds) {
  public static final String SECRET_VARIABLE = "TALK_JWT_SECRET";
  public static final int MIN_SECRET_LENGTH = 32;
  private static final String HOW = "set it to a random string of at least " + MIN_SECRET_LENGTH
      + " characters, the same on every api-gateway and push-service (e.g. openssl rand -hex 32)";
  /**
   * Values published with talk-mesh: the old built-in development secret, compose's old fallback and the Kubernetes
   * Secret's placeholders. Anyone can read them, so they sign nothing.
   */
  static final Set<String> PUBLISHED = Set.of(
      "talk-mesh-development-secret-change-me",
      "local-trial-secret-change-me-0123456789abcdef",
      "change-me-to-a-random-string-of-at-least-32-characters",
      "system-test-secret-of-at-least-32-characters",
      "REPLACE-ME-with-a-random-string-of-at-least-32-characters");
  /** Words that mark a placeholder, looked for in the lower-cased secret with everything but letters removed. */
  private static final Set<String> PLACEHOLDER_WORDS = Set.of("changeme", "replaceme", "placeholder", "yoursecret",
      "secretkey", "password");
  /** A secret with fewer distinct characters than this is a pattern (repeated characters), not a random string. */
  static final int MIN_DISTINCT_CHARACTERS = 10;

  public static AuthConfig from(Env env) {
    String secret = env.string(SECRET_VARIABLE, "");
    checkSecret(secret);
    return new AuthConfig(secret, env.positive("TALK_JWT_TTL_SECONDS", 86400));
  }

  /** Refuses a missing, short, published or obviously made-up secret; the message names the variable, never the value. */
  static void checkSecret(String secret) {
    if (secret.isEmpty()) {
      throw new IllegalArgumentException(SECRET_VARIABLE + " is not set: " + HOW);
    }
    if (PUBLISHED.contains(secret)) {
      throw new IllegalArgumentException(SECRET_VARIABLE + " is a placeholder published with talk-mesh: replace it; " + HOW);
    }
    String letters = secret.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    for (String word : PLACEHOLDER_WORDS) {
      if (letters.contains(word)) {
        throw new IllegalArgumentException(SECRET_VARIABLE + " looks like a placeholder (it contains \"" + word
            + "\"): replace it; " + HOW);
      }
    }
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException(SECRET_VARIABLE + " is " + secret.length() + " characters long: " + HOW);
    }
    if (secret.chars().distinct().count() < MIN_DISTINCT_CHARACTERS) {
      throw new IllegalArgumentException(SECRET_VARIABLE + " repeats too few characters to be random: " + HOW);
    }
  }

  /** A fresh random secret for development stacks and tests ({@code ./talk-mesh up}, the test fixtures). */
  public static String randomSecret() {
    byte[] bytes = new byte[36];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
