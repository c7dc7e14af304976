package io.talkmesh.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.common.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No token is signed with a secret an attacker can know: a missing, short, published or made-up one fails the start. */
class AuthConfigTest {

  private static AuthConfig from(String secret) {
    return AuthConfig.from(new Env(secret == null ? Map.of() : Map.of("TALK_JWT_SECRET", secret)));
  }

  @Test
  void aMissingSecretFailsTheStartNamingTheVariable() {
    assertThatThrownBy(() -> from(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TALK_JWT_SECRET is not set");
    assertThatThrownBy(() -> from("   ")).hasMessageContaining("TALK_JWT_SECRET is not set");
  }

  @Test
  void everySecretPublishedWithTalkMeshIsRefused() {
    for (String published : new String[] {
        "talk-mesh-development-secret-change-me",                  // the old built-in fallback
        "local-trial-secret-change-me-0123456789abcdef",           // deploy/compose.yaml's old fallback
        "change-me-to-a-random-string-of-at-least-32-characters",  // deploy/k8s/secret.yaml's old placeholder
        "REPLACE-ME-with-a-random-string-of-at-least-32-characters"}) { // deploy/k8s/secret.yaml's placeholder
      assertThatThrownBy(() -> from(published)).as("secret %s", published)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TALK_JWT_SECRET")
          .hasMessageContaining("replace it").hasMessageNotContaining(published);
    }
  }

  @Test
  void obviousPlaceholdersAreRefused() {
    for (String placeholder : new String[] {"changeme-changeme-changeme-changeme", "CHANGE_ME_0123456789abcdefghijklmnop",
        "please-replace-me-0123456789-abcdefghij", "my-super-secret-password-1234567890xyz"}) {
      assertThatThrownBy(() -> from(placeholder)).as("secret %s", placeholder)
          .hasMessageContaining("TALK_JWT_SECRET looks like a placeholder");
    }
  }

  @Test
  void repeatedCharactersAreRefused() {
    assertThatThrownBy(() -> from("a".repeat(64))).hasMessageContaining("TALK_JWT_SECRET repeats too few characters");
    assertThatThrownBy(() -> from("0123".repeat(16))).hasMessageContaining("TALK_JWT_SECRET repeats too few characters");
  }

  @Test
  void aSecretShorterThan32CharactersIsRefused() {
    assertThatThrownBy(() -> from("Zq8vN2kL0xR5tY7w")).hasMessageContaining("TALK_JWT_SECRET is 16 characters long")
        .hasMessageContaining("at least 32");
  }

  @Test
  void aRandomSecretIsAccepted() {
    String secret = AuthConfig.randomSecret();
    assertThat(secret.length()).isGreaterThanOrEqualTo(32);
    assertThat(from(secret).jwtSecret()).isEqualTo(secret);
    assertThat(from("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08").ttlSeconds()).isEqualTo(86400);
    assertThat(AuthConfig.randomSecret()).isNotEqualTo(secret);
  }
}
