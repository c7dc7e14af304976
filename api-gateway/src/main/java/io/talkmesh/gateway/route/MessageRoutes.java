package io.talkmesh.gateway.route;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.talkmesh.common.client.Routes;

/** {@code /v1.0/service_agents/talk_messages}: send, and list a chat's messages ({@code ?chat_id=}). */
public final class MessageRoutes {
  private static final String BASE = "/v1.0/service_agents/talk_messages";

  private MessageRoutes() {
  }

  public static void mount(Api api) {
    api.forward(POST, BASE, Routes.MESSAGES)
        .forward(GET, BASE, Routes.MESSAGES);
  }
}
