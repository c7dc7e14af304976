package io.talkmesh.gateway.auth;

import io.talkmesh.common.operation.Operations;
import io.talkmesh.common.request.agent.Login;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.json.Fields;
import io.talkmesh.gateway.http.JsonBody;
import io.talkmesh.gateway.http.RequestIds;
import io.talkmesh.gateway.route.PublicRoute;
import io.talkmesh.gateway.route.PublicRoutes;
import io.talkmesh.gateway.security.ClientAddress;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@link PublicRoutes#LOGIN}, {@code POST /v1.0/auth/login {"username","password"}} → {@code {"username","token"}}:
 * talk-manager checks the credentials ({@code Operations.LOGIN}, given the client's address too), the gateway signs
 * the token.
 *
 * @param clients who the client is behind the trusted proxies: talk-manager throttles failed logins by address
 */
public record LoginRoutes(TalkManagerClient talkManager, Jwt jwt, ClientAddress clients) {
  /** The field the gateway adds to the client's credentials: not part of the public request. */
  public static final String ADDRESS = "address";
  private static final PublicRoute ROUTE = PublicRoutes.LOGIN;

  public void mount(Router router, BodyHandler bodyHandler) {
    router.route(ROUTE.method(), ROUTE.path()).handler(bodyHandler).handler(this::login);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Login credentials = new Login(Fields.requiredString(body, "username"), Fields.requiredString(body, "password"),
        clients.of(ctx.request()));
    talkManager.call(Operations.LOGIN, null, credentials, new Trace(RequestIds.of(ctx), ctx.request().getHeader(Trace.HEADER_TRACEPARENT), ""))
        .map(agent -> new JsonObject().put("username", agent.username()).put("token", jwt.issue(agent)))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
