package io.talkmesh.gateway.route;

import io.opentelemetry.api.trace.Span;
import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.operation.Operation;
import io.talkmesh.common.operation.Param;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.gateway.auth.TokenAuth;
import io.talkmesh.gateway.http.JsonBody;
import io.talkmesh.gateway.http.RequestIds;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one handler behind every forwarded public route: builds the RPC request of the route's operation (its path
 * placeholders filled from the same-named path parameters, each checked to be a UUID; the operation's query
 * parameters, the UUID-typed ones checked; the JSON body when the route reads one; the authenticated actor) and
 * answers 200 with the RPC data. Any other query parameter (e.g. {@code token}) stays at the gateway. Failures go to
 * the router's failure handler. With tracing on, the request's server span is named by its route
 * ({@code POST /v1.0/service_agents/talk_messages}).
 */
public final class Forward {
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final TalkManagerClient talkManager;
  private final boolean traced;

  /** @param traced whether the gateway's tracing is on (its HTTP server spans exist) */
  public Forward(TalkManagerClient talkManager, boolean traced) {
    this.talkManager = talkManager;
    this.traced = traced;
  }

  public Handler<RoutingContext> to(PublicRoute route) {
    Operation<?, ?> op = route.operation();
    List<String> pathParams = op.pathParams();
    boolean withBody = route.takesBody();
    String spanName = route.method().name() + " " + route.path();
    return ctx -> {
      if (traced) {
        Span.current().updateName(spanName).setAttribute("http.route", route.path());
      }
      String uri = uri(ctx, op, pathParams);
      JsonObject body = withBody ? JsonBody.object(ctx) : null;
      talkManager.call(op, uri, body, TokenAuth.actor(ctx), new Trace(RequestIds.of(ctx),
              ctx.request().getHeader(Trace.HEADER_TRACEPARENT), idempotencyKey(ctx)))
          .onSuccess(data -> ctx.json(data == null ? new JsonObject() : data))
          .onFailure(ctx::fail);
    };
  }

  /** The client's {@code Idempotency-Key}: 1 to 255 visible ASCII characters, else 400. */
  private static String idempotencyKey(RoutingContext ctx) {
    String key = ctx.request().getHeader(Trace.HEADER_IDEMPOTENCY_KEY);
    if (key == null) {
      return "";
    }
    if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw TalkException.invalid("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1 to 255 visible ASCII characters");
    }
    return key;
  }

  private static String uri(RoutingContext ctx, Operation<?, ?> op, List<String> pathParams) {
    Map<String, String> path = new LinkedHashMap<>();
    for (String name : pathParams) {
      path.put(name, Ids.parse(name, ctx.pathParam(name)).toString());
    }
    Map<String, String> query = new LinkedHashMap<>();
    for (Param param : op.query()) {
      String value = ctx.request().getParam(param.name());
      if (value != null && param.type() == Param.Type.UUID) {
        Ids.parse(param.name(), value);
      }
      query.put(param.name(), value);
    }
    return op.uri(path, query);
  }
}
