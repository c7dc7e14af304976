package io.talkmesh.gateway.route;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.talkmesh.common.client.Routes;

/** {@code /v1.0/service_agents/talk_chats}: create, list mine, get, and a chat's participants. */
public final class ChatRoutes {
  private static final String BASE = "/v1.0/service_agents/talk_chats";

  private ChatRoutes() {
  }

  public static void mount(Api api) {
    api.forward(POST, BASE, Routes.CHATS)
        .forward(GET, BASE, Routes.CHATS)
        .forward(GET, BASE + "/:id", Routes.CHAT)
        .forward(POST, BASE + "/:id/participants", Routes.CHAT_PARTICIPANTS)
        .forward(GET, BASE + "/:id/participants", Routes.CHAT_PARTICIPANTS);
  }
}
