package io.talkmesh.common.rpc;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.operation.Caller;
import io.talkmesh.common.operation.Operation;
import io.talkmesh.common.operation.OperationInput;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatches RPC requests by method and path template ({@code /v1/chats/{id}/participants}): talk-manager binds a
 * handler to each {@link Operation}, which the router checks for its caller, decodes and encodes.
 */
public final class RpcRouter {

  /** What an operation does: its decoded request in, its response value out. */
  @FunctionalInterface
  public interface Handler<Q, R> {
    /** @param actor the acting identity, never null unless the operation is for {@link Caller#ANYONE} or {@link Caller#SERVICE} */
    Future<R> handle(Actor actor, Q request, Trace trace);
  }

  /** A route's action: the request and its path parameters in, the response data out. */
  @FunctionalInterface
  public interface Action {
    Future<?> handle(RpcRequest request, Map<String, String> params);
  }

  private record Route(String method, String[] segments, Action action) {
  }

  private final List<Route> routes = new ArrayList<>();

  public RpcRouter route(String method, String template, Action action) {
    routes.add(new Route(method, split(template), action));
    return this;
  }

  /**
   * Binds the handler to the operation's method and path: a request without an actor is 401 {@code ACTOR_REQUIRED}
   * unless anyone may call it, then its input is decoded by {@link Operation#decode()} (400 naming the field) and
   * the handler's value encoded by {@link Operation#response()}.
   */
  public <Q, R> RpcRouter bind(Operation<Q, R> op, Handler<Q, R> handler) {
    return route(op.method(), op.path(), (request, params) -> {
      Actor actor = op.caller() == Caller.AGENT ? request.requireActor() : request.actor();
      Trace trace = request.trace();
      Q input = op.decode().apply(new OperationInput(params, request.query(), request.body(), actor, trace));
      return handler.handle(actor, input, trace).map(op.response().encode());
    });
  }

  public Future<RpcResponse> dispatch(RpcRequest request) {
    String[] path = split(request.path());
    boolean pathMatched = false;
    for (Route route : routes) {
      Map<String, String> params = match(route.segments, path);
      if (params == null) {
        continue;
      }
      pathMatched = true;
      if (route.method.equalsIgnoreCase(request.method())) {
        try {
          return route.action.handle(request, params).map(RpcResponse::ok);
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      }
    }
    return Future.failedFuture(pathMatched
        ? TalkException.invalid("METHOD_NOT_ALLOWED", "%s is not allowed on %s", request.method(), request.path())
        : TalkException.notFound("ROUTE_NOT_FOUND", "no route %s %s", request.method(), request.path()));
  }

  private static String[] split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
  }

  private static Map<String, String> match(String[] template, String[] path) {
    if (template.length != path.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        params.put(t.substring(1, t.length() - 1), path[i]);
      } else if (!t.equals(path[i])) {
        return null;
      }
    }
    return params;
  }
}
