package io.talkmesh.gateway.http;

import io.talkmesh.common.auth.AgentAccess;
import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.gateway.auth.LoginRoutes;
import io.talkmesh.gateway.auth.TokenAuth;
import io.talkmesh.gateway.route.Api;
import io.talkmesh.gateway.route.Forward;
import io.talkmesh.gateway.route.PublicRoutes;
import io.talkmesh.gateway.security.OriginPolicy;
import io.talkmesh.gateway.security.SecurityHeaders;
import io.talkmesh.common.auth.AuthConfig;
import io.talkmesh.gateway.GatewayConfig;
import io.talkmesh.ops.Health;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BooleanSupplier;

/**
 * The gateway's whole HTTP surface: request ids, health, the OpenAPI document, login, the public routes of
 * {@link PublicRoutes}, the browser console and the one error handler; and the management router ({@code /metrics},
 * health). Every public route must also be in {@code openapi.json} ({@code OpenApiDocumentTest} checks both against
 * the table and the operation catalogue; the console's static pages are not API operations).
 */
public final class GatewayRouter {
  /** The service name: its metrics registry. */
  public static final String SERVICE = "api-gateway";

  private GatewayRouter() {
  }

  /** A router with the default settings (tests that need no configuration). */
  public static Router create(Vertx vertx, TalkManagerClient talkManager, Jwt jwt, BooleanSupplier ready,
                              long bodyLimit) {
    return create(vertx, talkManager, jwt, AgentAccess.uncached(talkManager::access), ready, GatewayConfig.from(Map.of(
        "TALK_JWT_SECRET", AuthConfig.randomSecret(), "TALK_HTTP_BODY_LIMIT", Long.toString(bodyLimit))));
  }

  /**
   * @param talkManager how requests reach talk-manager
   * @param jwt         issues (login) and verifies tokens
   * @param access      whether a verified token still works, and the agent's current permission
   * @param ready       whether the broker connection is up ({@code /health/ready})
   * @param config      body limit, CORS origins, rate limits, trusted proxies, console push URLs
   */
  public static Router create(Vertx vertx, TalkManagerClient talkManager, Jwt jwt, AgentAccess access,
                              BooleanSupplier ready, GatewayConfig config) {
    Router router = Router.router(vertx);
    BodyHandler bodyHandler = BodyHandler.create().setBodyLimit(config.bodyLimit()).setHandleFileUploads(false);
    OriginPolicy origins = new OriginPolicy(config.corsOrigins());
    router.route().handler(RequestIds.handler());
    router.route().handler(JsonBody.refuseUndecodableUris());
    router.route().handler(AccessLog.handler());
    SecurityHeaders.mount(router, origins);
    router.route().handler(JsonBody.readAsJson());

    // /metrics is on the management port only (management()).
    Health.mountProbes(router, vertx, readiness(ready));
    OpenApiRoutes.mount(router);
    AsyncApiRoutes.mount(router);
    new LoginRoutes(talkManager, jwt, config.trustedProxies()).mount(router, bodyHandler);
    Api api = new Api(router, bodyHandler, new TokenAuth(jwt, access, origins), new Forward(talkManager,
        io.talkmesh.common.tracing.Tracing.of(vertx).enabled()), config);
    PublicRoutes.FORWARDED.forEach(api::mount);
    ConsoleRoutes.mount(router, config.consolePushUrls());

    errors(router);
    return router;
  }

  /**
   * The management port ({@code TALK_GATEWAY_MANAGEMENT_PORT}), for the cluster only: {@code /metrics} and the same
   * health probes as the public port.
   */
  public static Router management(Vertx vertx, BooleanSupplier ready) {
    Router router = Router.router(vertx);
    router.route().handler(RequestIds.handler());
    Health.mount(router, vertx, SERVICE, readiness(ready));
    errors(router);
    return router;
  }

  private static Map<String, java.util.function.Supplier<Future<Boolean>>> readiness(BooleanSupplier ready) {
    return Map.of("broker", () -> Future.succeededFuture(ready.getAsBoolean()));
  }

  private static void errors(Router router) {
    HttpErrors errors = new HttpErrors();
    router.route().failureHandler(errors);
    for (int status : new int[] {400, 403, 404, 405, 413, 500}) {
      router.errorHandler(status, errors);
    }
  }
}
