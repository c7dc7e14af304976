package io.talkmesh.gateway.route;

import io.talkmesh.common.operation.Operation;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One public route as data: its method and path (vertx-web {@code :name} parameters, named as the operation's
 * {@code {name}} placeholders), the talk-manager operation it forwards to, its rate-limit class and the schema its
 * answer has in the OpenAPI document (the operation's, unless the gateway reshapes the answer, as login does).
 */
public record PublicRoute(HttpMethod method, String path, Operation<?, ?> operation, Limit limit, String responseSchema) {
  private static final Pattern PATH_PARAM = Pattern.compile(":(\\w+)");

  public PublicRoute(HttpMethod method, String path, Operation<?, ?> operation, Limit limit) {
    this(method, path, operation, limit, operation.response().schema());
  }

  /**
   * Whether the route reads a JSON body: when its operation takes one and the public method carries one (a public
   * DELETE never does: removing a reaction names its emoji in the query).
   */
  public boolean takesBody() {
    return operation.body() && (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH);
  }

  /** The names of the path's parameters, in path order. */
  public List<String> pathParams() {
    return PATH_PARAM.matcher(path).results().map(m -> m.group(1)).toList();
  }

  /** The path as the OpenAPI document writes it ({@code {name}} parameters). */
  public String openApiPath() {
    return PATH_PARAM.matcher(path).replaceAll("{$1}");
  }

  @Override
  public String toString() {
    return method + " " + path + " -> " + operation.name();
  }
}
