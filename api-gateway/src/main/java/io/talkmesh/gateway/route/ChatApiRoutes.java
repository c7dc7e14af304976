package io.talkmesh.gateway.route;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.talkmesh.common.client.Routes;

/**
 * VoIPBIN's older Chat API (seed 004) over the same data: {@code /v1.0/chats}, {@code /chatrooms},
 * {@code /chatmessages}, {@code /chatroommessages} (mapping in docs/chat-api.md).
 */
public final class ChatApiRoutes {
  private static final String BASE = "/v1.0";

  private ChatApiRoutes() {
  }

  public static void mount(Api api) {
    api.forward(POST, BASE + "/chats", Routes.LEGACY_CHATS)
        .forward(GET, BASE + "/chats", Routes.LEGACY_CHATS)
        .forward(GET, BASE + "/chats/:id", Routes.LEGACY_CHAT)
        .forward(PUT, BASE + "/chats/:id", Routes.LEGACY_CHAT)
        .forward(DELETE, BASE + "/chats/:id", Routes.LEGACY_CHAT)
        .forward(GET, BASE + "/chatrooms", Routes.LEGACY_CHATROOMS)
        .forward(GET, BASE + "/chatrooms/:id", Routes.LEGACY_CHATROOM)
        .forward(POST, BASE + "/chatmessages", Routes.LEGACY_CHATMESSAGES)
        .forward(GET, BASE + "/chatmessages", Routes.LEGACY_CHATMESSAGES)
        .forward(GET, BASE + "/chatmessages/:id", Routes.LEGACY_CHATMESSAGE)
        .forward(GET, BASE + "/chatroommessages", Routes.LEGACY_CHATROOMMESSAGES)
        .forward(GET, BASE + "/chatroommessages/:id", Routes.LEGACY_CHATROOMMESSAGE);
  }
}
