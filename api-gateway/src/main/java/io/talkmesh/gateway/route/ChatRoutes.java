package io.talkmesh.gateway.route;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.talkmesh.common.client.Routes;

/**
 * {@code /v1.0/service_agents/talk_chats}: create, list mine, get, update, delete, join a public chat, a chat's
 * participants; and {@code /v1.0/service_agents/talk_channels}, the customer's public chats.
 */
public final class ChatRoutes {
  private static final String BASE = "/v1.0/service_agents/talk_chats";
  private static final String CHANNELS = "/v1.0/service_agents/talk_channels";

  private ChatRoutes() {
  }

  public static void mount(Api api) {
    api.forward(POST, BASE, Routes.CHATS)
        .forward(GET, BASE, Routes.CHATS)
        .forward(GET, BASE + "/:id", Routes.CHAT)
        .forward(PUT, BASE + "/:id", Routes.CHAT)
        .forward(DELETE, BASE + "/:id", Routes.CHAT)
        .action(POST, BASE + "/:id/join", Routes.CHAT_JOIN)
        .forward(POST, BASE + "/:id/participants", Routes.CHAT_PARTICIPANTS)
        .forward(GET, BASE + "/:id/participants", Routes.CHAT_PARTICIPANTS)
        .forward(DELETE, BASE + "/:id/participants/:participant_id", Routes.CHAT_PARTICIPANT)
        .forward(GET, CHANNELS, Routes.CHANNELS);
  }
}
