package io.talkmesh.gateway.http;

import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.gateway.auth.LoginRoutes;
import io.talkmesh.gateway.auth.TokenAuth;
import io.talkmesh.gateway.route.AgentRoutes;
import io.talkmesh.gateway.route.Api;
import io.talkmesh.gateway.route.ChatApiRoutes;
import io.talkmesh.gateway.route.ChatRoutes;
import io.talkmesh.gateway.route.Forward;
import io.talkmesh.gateway.route.MessageRoutes;
import io.talkmesh.gateway.security.RateLimiter;
import io.talkmesh.gateway.security.SecurityHeaders;
import io.talkmesh.common.ops.Health;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BooleanSupplier;

/**
 * The gateway's whole HTTP surface: request ids, health, the OpenAPI document, login, the resource routes, the browser
 * console and the one error handler. Every API route added here must also be in {@code openapi.json}
 * ({@code OpenApiDocumentTest} checks; the console's static pages are not API operations).
 */
public final class GatewayRouter {
  /** The service name: its metrics registry. */
  public static final String SERVICE = "api-gateway";

  private GatewayRouter() {
  }

  /**
   * @param talkManager how requests reach talk-manager
   * @param jwt         issues (login) and verifies tokens
   * @param ready       whether the broker connection is up ({@code /health/ready})
   * @param bodyLimit   largest accepted request body in bytes; larger is 413
   */
  public static Router create(Vertx vertx, TalkManagerClient talkManager, Jwt jwt, BooleanSupplier ready,
                              long bodyLimit) {
    return create(vertx, talkManager, jwt, ready, bodyLimit, java.util.List.of(), 10, 10);
  }

  /**
   * @param corsOrigins        browser origins allowed to call the API (none: same-origin only)
   * @param sendsPerSecond     per-agent send rate (bursts of twice that)
   * @param reactionsPerSecond per-agent reaction rate
   */
  public static Router create(Vertx vertx, TalkManagerClient talkManager, Jwt jwt, BooleanSupplier ready,
                              long bodyLimit, java.util.List<String> corsOrigins, int sendsPerSecond,
                              int reactionsPerSecond) {
    Router router = Router.router(vertx);
    BodyHandler bodyHandler = BodyHandler.create().setBodyLimit(bodyLimit).setHandleFileUploads(false);
    router.route().handler(RequestIds.handler());
    router.route().handler(JsonBody.refuseUndecodableUris());
    router.route().handler(AccessLog.handler());
    SecurityHeaders.mount(router, corsOrigins);
    router.route().handler(JsonBody.refuseForms());

    Health.mount(router, vertx, SERVICE, Map.of("broker", () -> Future.succeededFuture(ready.getAsBoolean())));
    OpenApiRoutes.mount(router);
    new LoginRoutes(talkManager, jwt).mount(router, bodyHandler);
    Api api = new Api(router, bodyHandler, new TokenAuth(jwt), new Forward(talkManager))
        .limit(new RateLimiter("messages", sendsPerSecond), "/v1.0/service_agents/talk_messages", "/v1.0/chatmessages")
        .limit(new RateLimiter("reactions", reactionsPerSecond), "/v1.0/service_agents/talk_messages/:id/reactions");
    AgentRoutes.mount(api);
    ChatRoutes.mount(api);
    MessageRoutes.mount(api);
    ChatApiRoutes.mount(api);
    ConsoleRoutes.mount(router);

    HttpErrors errors = new HttpErrors();
    router.route().failureHandler(errors);
    for (int status : new int[] {400, 404, 405, 413, 500}) {
      router.errorHandler(status, errors);
    }
    return router;
  }
}
