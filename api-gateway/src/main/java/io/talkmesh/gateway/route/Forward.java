package io.talkmesh.gateway.route;

import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.rpc.RpcRequest;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.gateway.auth.TokenAuth;
import io.talkmesh.gateway.http.JsonBody;
import io.talkmesh.gateway.http.RequestIds;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one handler behind every resource route: builds the RPC request from the route's RPC URI template (its
 * {@code {name}} placeholders filled from the same-named path parameters, each checked to be a UUID), the
 * pass-through query parameters, the JSON body (for POST) and the authenticated actor; answers 200 with the RPC
 * data. Failures go to the router's failure handler.
 */
public final class Forward {
  /** Query parameters handed on to talk-manager; anything else (e.g. {@code token}) stays at the gateway. */
  static final List<String> QUERY_PASS_THROUGH = List.of("page_size", "page_token", "chat_id", "emoji", "owner_id",
      "chatroom_id");
  private static final List<String> ID_QUERY_PARAMS = List.of("chat_id", "owner_id", "chatroom_id");
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

  private final TalkManagerClient talkManager;

  public Forward(TalkManagerClient talkManager) {
    this.talkManager = talkManager;
  }

  static boolean hasBody(HttpMethod method) {
    return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
  }

  public Handler<RoutingContext> to(HttpMethod method, String rpcTemplate) {
    return to(method, rpcTemplate, hasBody(method));
  }

  public Handler<RoutingContext> to(HttpMethod method, String rpcTemplate, boolean withBody) {
    List<String> pathParams = placeholders(rpcTemplate);
    return ctx -> {
      String uri = uri(ctx, rpcTemplate, pathParams);
      JsonObject body = withBody ? JsonBody.object(ctx) : null;
      talkManager.call(method.name(), uri, body, TokenAuth.actor(ctx), new Trace(RequestIds.of(ctx),
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

  private static String uri(RoutingContext ctx, String template, List<String> pathParams) {
    String uri = template;
    for (String name : pathParams) {
      uri = uri.replace("{" + name + "}", Ids.parse(name, ctx.pathParam(name)).toString());
    }
    StringBuilder query = new StringBuilder();
    for (String name : QUERY_PASS_THROUGH) {
      String value = ctx.request().getParam(name);
      if (value == null) {
        continue;
      }
      if (ID_QUERY_PARAMS.contains(name)) {
        Ids.parse(name, value);
      }
      query.append(query.length() == 0 ? '?' : '&').append(name).append('=').append(RpcRequest.encode(value));
    }
    return uri + query;
  }

  private static List<String> placeholders(String template) {
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
