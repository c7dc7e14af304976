package io.talkmesh.gateway.route;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.talkmesh.common.client.Routes;

/**
 * {@code /v1.0/service_agents/talk_messages}: send, list ({@code ?chat_id=} optional), get, edit, delete, a message's
 * thread, and reactions (add with a body {@code {"emoji"}}, remove with {@code ?emoji=}).
 */
public final class MessageRoutes {
  private static final String BASE = "/v1.0/service_agents/talk_messages";

  private MessageRoutes() {
  }

  public static void mount(Api api) {
    api.forward(POST, BASE, Routes.MESSAGES)
        .forward(GET, BASE, Routes.MESSAGES)
        .forward(GET, BASE + "/:id", Routes.MESSAGE)
        .forward(PUT, BASE + "/:id", Routes.MESSAGE)
        .forward(DELETE, BASE + "/:id", Routes.MESSAGE)
        .forward(GET, BASE + "/:id/thread", Routes.MESSAGE_THREAD)
        .forward(POST, BASE + "/:id/reactions", Routes.MESSAGE_REACTIONS)
        .forward(DELETE, BASE + "/:id/reactions", Routes.MESSAGE_REACTIONS);
  }
}
