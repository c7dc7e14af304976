package io.talkmesh.common.auth;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Instant;
import java.util.UUID;

/** Issues (gateway) and verifies (gateway and push-service) the HS256 agent tokens. */
public final class Jwt {
  public static final String CLAIM_CUSTOMER = "customer_id";
  public static final String CLAIM_PERMISSION = "permission";
  public static final String CLAIM_USERNAME = "username";
  /** The token's unique id: names the session (the one an agent's own password change keeps). */
  public static final String CLAIM_ID = "jti";
  /** When the token was issued, in epoch milliseconds ({@code iat} is in seconds: too coarse to order a login after a password change). */
  public static final String CLAIM_ISSUED_MS = "iat_ms";

  private final JWTAuth auth;
  private final int ttlSeconds;
  private final VerifiedTokens cache = new VerifiedTokens(VerifiedTokens.DEFAULT_CAPACITY, java.time.Clock.systemUTC());

  public Jwt(Vertx vertx, String secret, int ttlSeconds) {
    this.auth = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    this.ttlSeconds = ttlSeconds;
  }

  public String issue(Agent agent) {
    JsonObject claims = new JsonObject()
        .put("sub", agent.id().toString())
        .put(CLAIM_CUSTOMER, agent.customerId().toString())
        .put(CLAIM_PERMISSION, agent.permission())
        .put(CLAIM_USERNAME, agent.username())
        .put(CLAIM_ID, UUID.randomUUID().toString())
        .put(CLAIM_ISSUED_MS, System.currentTimeMillis());
    return auth.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(ttlSeconds));
  }

  /**
   * A verified token: the agent it vouches for (its {@link Actor#sessionId()} the token's {@code jti}), the instant it
   * expires (sessions end there) and when it was issued (epoch ms; from {@code iat} for a token without
   * {@code iat_ms}). Whether the agent's access still admits it is {@link AgentAccess}'s question.
   */
  public record Verified(Actor actor, Instant expiresAt, long issuedAtMs) {
    public Verified(Actor actor, Instant expiresAt) {
      this(actor, expiresAt, 0);
    }
  }

  /** The acting agent a token vouches for; any invalid, expired or tampered token is UNAUTHENTICATED. */
  public Future<Actor> verify(String token) {
    return authenticate(token).map(Verified::actor);
  }

  /**
   * Verifies a token and returns its agent and expiry; a token verified before answers from {@link VerifiedTokens}
   * until it expires. A token without a numeric {@code exp} is refused: every
   * token this service issues expires, so one that does not was not issued here.
   */
  public Future<Verified> authenticate(String token) {
    Verified known = cache.get(token);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    Future<io.vertx.ext.auth.User> user;
    try {
      user = auth.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      // A well-signed token with malformed claims (e.g. a string "exp") throws instead of failing the future.
      user = Future.failedFuture(e);
    }
    return user
        .map(verified -> {
          JsonObject claims = verified.principal();
          // vertx-auth-jwt keeps exp, iat and nbf out of the principal: the decoded claims are attribute "accessToken"
          JsonObject decoded = verified.attributes().getJsonObject("accessToken", new JsonObject());
          Object expiry = decoded.getValue("exp");
          if (!(expiry instanceof Number exp)) {
            throw new IllegalArgumentException("token without exp");
          }
          Object jti = claims.getValue(CLAIM_ID);
          Object issuedMs = claims.getValue(CLAIM_ISSUED_MS);
          Object iat = decoded.getValue("iat");
          long issuedAt = issuedMs instanceof Number ms ? ms.longValue()
              : iat instanceof Number seconds ? seconds.longValue() * 1000 : 0;
          Actor actor = new Actor(UUID.fromString(claims.getString(CLAIM_CUSTOMER)), Agent.OWNER_TYPE,
              UUID.fromString(claims.getString("sub")), claims.getLong(CLAIM_PERMISSION, 0L),
              jti instanceof String id ? id : null);
          Verified result = new Verified(actor, Instant.ofEpochSecond(exp.longValue()), issuedAt);
          cache.put(token, result);
          return result;
        })
        .recover(err -> Future.failedFuture(TalkException.unauthenticated("INVALID_TOKEN", "the token is invalid or expired")));
  }
}
