package io.talkmesh.gateway.auth;

import io.talkmesh.common.auth.AgentAccess;
import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.auth.Tokens;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Permission;
import io.talkmesh.gateway.security.OriginPolicy;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Authenticates a request by its token ({@code Authorization: Bearer}, {@code ?token=} or cookie {@code token}) and
 * stores the acting agent for the routes after it, with the permission its {@link AgentAccess} state has now (not the
 * token's claim). No token → 401 AUTHENTICATION_REQUIRED; a bad one → 401 INVALID_TOKEN; a revoked one (agent
 * deleted, password changed since) → 401 TOKEN_REVOKED; an agent with no role bit (permission 0, VoIPBIN's PermissionNone) → 403 PERMISSION_DENIED; a
 * state-changing request authenticated by the cookie from another site → 403 CROSS_SITE_REQUEST_REFUSED.
 */
public final class TokenAuth implements Handler<RoutingContext> {
  private static final String ACTOR = "actor";
  private final Jwt jwt;
  private final AgentAccess access;
  private final OriginPolicy origins;

  public TokenAuth(Jwt jwt, AgentAccess access, OriginPolicy origins) {
    this.jwt = jwt;
    this.access = access;
    this.origins = origins;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<String> token = Tokens.find(ctx.request());
    if (token.isEmpty()) {
      ctx.fail(TalkException.unauthenticated("AUTHENTICATION_REQUIRED", "a token is required"));
      return;
    }
    jwt.authenticate(token.get())
        .compose(access::admit)
        .onSuccess(actor -> {
          if (!Permission.anyRole(actor.permission())) {
            ctx.fail(TalkException.denied("PERMISSION_DENIED", "this agent has no role (permission %d)",
                actor.permission()));
            return;
          }
          if (Tokens.fromCookie(ctx.request())) {
            try {
              origins.checkCookieRequest(ctx.request());
            } catch (TalkException e) {
              ctx.fail(e);
              return;
            }
          }
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
