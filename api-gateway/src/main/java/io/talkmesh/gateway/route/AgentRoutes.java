package io.talkmesh.gateway.route;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.talkmesh.common.client.Routes;

/** {@code /v1.0/agents}: create (admins), list, get. */
public final class AgentRoutes {
  private AgentRoutes() {
  }

  public static void mount(Api api) {
    api.forward(POST, "/v1.0/agents", Routes.AGENTS)
        .forward(GET, "/v1.0/agents", Routes.AGENTS)
        .forward(GET, "/v1.0/agents/:id", Routes.AGENT);
  }
}
