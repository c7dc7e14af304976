package io.talkmesh.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Agent;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A token the gateway issued verifies, with its agent and expiry. */
class JwtTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void anIssuedTokenVerifiesWithItsAgentAndExpiry() throws Exception {
    Jwt jwt = new Jwt(vertx, AuthConfig.randomSecret(), 3600);
    Agent agent = new Agent(UUID.randomUUID(), UUID.randomUUID(), "alice", "Alice", "", 0x10, Instant.now(), null, null);
    Jwt.Verified verified;
    try {
      verified = jwt.authenticate(jwt.issue(agent)).await(10, TimeUnit.SECONDS);
    } catch (TalkException e) {
      throw new AssertionError("a token just issued was refused: " + e.getMessage(), e);
    }
    assertThat(verified.actor().ownerId()).isEqualTo(agent.id());
    assertThat(verified.expiresAt()).isBetween(Instant.now().plusSeconds(3590), Instant.now().plusSeconds(3610));
  }

  @Test
  void aCorrectlySignedTokenWithoutExpIsRefused() {
    String secret = AuthConfig.randomSecret();
    Jwt jwt = new Jwt(vertx, secret, 3600);
    io.vertx.ext.auth.jwt.JWTAuth signer = io.vertx.ext.auth.jwt.JWTAuth.create(vertx, new io.vertx.ext.auth.jwt.JWTAuthOptions()
        .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    String eternal = signer.generateToken(new io.vertx.core.json.JsonObject().put("sub", UUID.randomUUID().toString())
        .put(Jwt.CLAIM_CUSTOMER, UUID.randomUUID().toString()).put(Jwt.CLAIM_PERMISSION, 0x10),
        new io.vertx.ext.auth.JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
    try {
      jwt.authenticate(eternal).await(10, TimeUnit.SECONDS);
      throw new AssertionError("a token without exp was accepted");
    } catch (TalkException e) {
      assertThat(e.reason()).isEqualTo("INVALID_TOKEN");
    } catch (Exception e) {
      throw new AssertionError("expected INVALID_TOKEN, got " + e, e);
    }
  }
}
