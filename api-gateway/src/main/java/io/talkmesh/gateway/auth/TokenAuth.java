package io.talkmesh.gateway.auth;

import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.auth.Tokens;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Authenticates a request by its token ({@code Authorization: Bearer}, {@code ?token=} or cookie {@code token}) and
 * stores the acting agent for the routes after it. No token → 401 AUTHENTICATION_REQUIRED; a bad one → 401 INVALID_TOKEN.
 */
public final class TokenAuth implements Handler<RoutingContext> {
  private static final String ACTOR = "actor";
  private final Jwt jwt;

  public TokenAuth(Jwt jwt) {
    this.jwt = jwt;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<String> token = Tokens.find(ctx.request());
    if (token.isEmpty()) {
      ctx.fail(TalkException.unauthenticated("AUTHENTICATION_REQUIRED", "a token is required"));
      return;
    }
    jwt.verify(token.get())
        .onSuccess(actor -> {
          ctx.put(ACTOR, actor);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  /** The agent authenticated by this handler earlier on the route. */
  public static Actor actor(RoutingContext ctx) {
    Actor actor = ctx.get(ACTOR);
    if (actor == null) {
      throw new IllegalStateException("route is not behind TokenAuth");
    }
    return actor;
  }
}
