package io.talkmesh.gateway.route;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.talkmesh.common.operation.Operation;
import io.talkmesh.common.operation.Operations;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * Every public route of the API, one line each: the router mounts this table and {@code OpenApiDocumentTest} checks
 * the OpenAPI document against it and the operation catalogue. Adding a public endpoint is one line here.
 */
public final class PublicRoutes {
  private static final String TALK = "/v1.0/service_agents";
  /** The older Chat API (seed 004, mapping in docs/chat-api.md) lives beside the Talk API under {@code /v1.0}. */
  private static final String CHAT_API = "/v1.0";
  /** Seed 003's talks API ({@code /v1.0/talks}, {@code /v1.0/messages}), a second rendering of the Talk data. */
  private static final String TALKS = "/v1.0";

  /** Login: the gateway checks the credentials with talk-manager and answers with a token it signs. */
  public static final PublicRoute LOGIN = new PublicRoute(POST, "/v1.0/auth/login", Operations.LOGIN, Limit.NONE,
      "LoginResponse");

  /** The authenticated routes, each forwarded as it is to its operation. */
  public static final List<PublicRoute> FORWARDED = List.of(
      route(POST, "/v1.0/agents", Operations.CREATE_AGENT),
      route(GET, "/v1.0/agents", Operations.LIST_AGENTS),
      route(GET, "/v1.0/agents/:id", Operations.GET_AGENT),
      route(GET, TALK + "/me", Operations.GET_ME),
      route(GET, TALK + "/agents", Operations.LIST_AGENTS),
      route(GET, TALK + "/agents/:id", Operations.GET_AGENT),

      route(POST, TALK + "/talk_chats", Operations.CREATE_CHAT),
      route(GET, TALK + "/talk_chats", Operations.LIST_CHATS),
      route(GET, TALK + "/talk_chats/:id", Operations.GET_CHAT),
      route(PUT, TALK + "/talk_chats/:id", Operations.UPDATE_CHAT),
      route(DELETE, TALK + "/talk_chats/:id", Operations.DELETE_CHAT),
      route(POST, TALK + "/talk_chats/:id/join", Operations.JOIN_CHAT),
      route(POST, TALK + "/talk_chats/:id/read", Operations.MARK_READ, Limit.READS),
      route(POST, TALK + "/talk_chats/:id/participants", Operations.ADD_PARTICIPANT),
      route(GET, TALK + "/talk_chats/:id/participants", Operations.LIST_PARTICIPANTS),
      route(DELETE, TALK + "/talk_chats/:id/participants/:participant_id", Operations.REMOVE_PARTICIPANT),
      route(GET, TALK + "/talk_chats/:id/pins", Operations.LIST_PINS),
      route(POST, TALK + "/talk_chats/:id/pins", Operations.PIN_MESSAGE, Limit.PINS),
      route(DELETE, TALK + "/talk_chats/:id/pins/:message_id", Operations.UNPIN_MESSAGE, Limit.PINS),
      route(GET, TALK + "/talk_chats/:id/messages/around", Operations.MESSAGES_AROUND),
      route(GET, TALK + "/talk_channels", Operations.LIST_CHANNELS),

      route(POST, TALK + "/talk_messages", Operations.SEND_MESSAGE, Limit.MESSAGES),
      route(GET, TALK + "/talk_messages", Operations.LIST_MESSAGES),
      route(GET, TALK + "/talk_messages/:id", Operations.GET_MESSAGE),
      route(PUT, TALK + "/talk_messages/:id", Operations.EDIT_MESSAGE),
      route(DELETE, TALK + "/talk_messages/:id", Operations.DELETE_MESSAGE),
      route(GET, TALK + "/talk_messages/:id/thread", Operations.MESSAGE_THREAD),
      route(POST, TALK + "/talk_messages/:id/reactions", Operations.ADD_REACTION, Limit.REACTIONS),
      route(DELETE, TALK + "/talk_messages/:id/reactions", Operations.REMOVE_REACTION),
      route(GET, TALK + "/talk_search/messages", Operations.SEARCH_MESSAGES, Limit.SEARCHES),

      route(POST, CHAT_API + "/chats", Operations.LEGACY_CREATE_CHAT),
      route(GET, CHAT_API + "/chats", Operations.LEGACY_LIST_CHATS),
      route(GET, CHAT_API + "/chats/:id", Operations.LEGACY_GET_CHAT),
      route(PUT, CHAT_API + "/chats/:id", Operations.LEGACY_UPDATE_CHAT),
      route(DELETE, CHAT_API + "/chats/:id", Operations.LEGACY_DELETE_CHAT),
      route(GET, CHAT_API + "/chatrooms", Operations.LEGACY_LIST_CHATROOMS),
      route(GET, CHAT_API + "/chatrooms/:id", Operations.LEGACY_GET_CHATROOM),
      route(POST, CHAT_API + "/chatmessages", Operations.LEGACY_SEND_CHATMESSAGE, Limit.MESSAGES),
      route(GET, CHAT_API + "/chatmessages", Operations.LEGACY_LIST_CHATMESSAGES),
      route(GET, CHAT_API + "/chatmessages/:id", Operations.LEGACY_GET_CHATMESSAGE),
      route(GET, CHAT_API + "/chatroommessages", Operations.LEGACY_LIST_CHATROOMMESSAGES),
      route(GET, CHAT_API + "/chatroommessages/:id", Operations.LEGACY_GET_CHATROOMMESSAGE),
      route(POST, CHAT_API + "/chats/:id/participant_ids", Operations.LEGACY_ADD_CHAT_PARTICIPANT),
      route(DELETE, CHAT_API + "/chats/:id/participant_ids/:participant_id", Operations.LEGACY_REMOVE_CHAT_PARTICIPANT),
      route(PUT, CHAT_API + "/chats/:id/room_owner_id", Operations.LEGACY_CHANGE_ROOM_OWNER),
      route(DELETE, CHAT_API + "/chatmessages/:id", Operations.LEGACY_DELETE_CHATMESSAGE),
      route(POST, CHAT_API + "/chatrooms", Operations.LEGACY_CREATE_CHATROOM),
      route(PUT, CHAT_API + "/chatrooms/:id", Operations.LEGACY_UPDATE_CHATROOM),
      route(DELETE, CHAT_API + "/chatrooms/:id", Operations.LEGACY_DELETE_CHATROOM),
      route(POST, CHAT_API + "/chatroommessages", Operations.LEGACY_SEND_CHATROOMMESSAGE, Limit.MESSAGES),
      route(DELETE, CHAT_API + "/chatroommessages/:id", Operations.LEGACY_DELETE_CHATROOMMESSAGE),
      // The agent-side paths of the same rooms (VoIPBIN's service_agents/chatroom*): the same operations.
      route(GET, TALK + "/chatrooms", Operations.LEGACY_LIST_CHATROOMS),
      route(POST, TALK + "/chatrooms", Operations.LEGACY_CREATE_CHATROOM),
      route(GET, TALK + "/chatrooms/:id", Operations.LEGACY_GET_CHATROOM),
      route(PUT, TALK + "/chatrooms/:id", Operations.LEGACY_UPDATE_CHATROOM),
      route(DELETE, TALK + "/chatrooms/:id", Operations.LEGACY_DELETE_CHATROOM),
      route(GET, TALK + "/chatroommessages", Operations.LEGACY_LIST_CHATROOMMESSAGES),
      route(POST, TALK + "/chatroommessages", Operations.LEGACY_SEND_CHATROOMMESSAGE, Limit.MESSAGES),
      route(GET, TALK + "/chatroommessages/:id", Operations.LEGACY_GET_CHATROOMMESSAGE),
      route(DELETE, TALK + "/chatroommessages/:id", Operations.LEGACY_DELETE_CHATROOMMESSAGE),
      // Seed 003's talks API over the same data (docs/talks-api.md).
      route(POST, TALKS + "/talks", Operations.TALKS_CREATE),
      route(GET, TALKS + "/talks", Operations.TALKS_LIST),
      route(GET, TALKS + "/talks/:id", Operations.TALKS_GET),
      route(PUT, TALKS + "/talks/:id", Operations.TALKS_UPDATE),
      route(DELETE, TALKS + "/talks/:id", Operations.TALKS_DELETE),
      route(POST, TALKS + "/talks/:id/participants", Operations.TALKS_ADD_PARTICIPANT),
      route(GET, TALKS + "/talks/:id/participants", Operations.TALKS_LIST_PARTICIPANTS),
      route(DELETE, TALKS + "/talks/:id/participants/:participant_id", Operations.TALKS_REMOVE_PARTICIPANT),
      route(POST, TALKS + "/talks/:id/messages", Operations.TALKS_SEND_MESSAGE, Limit.MESSAGES),
      route(GET, TALKS + "/talks/:id/messages", Operations.TALKS_LIST_MESSAGES),
      route(GET, TALKS + "/talks/:id/messages/:message_id", Operations.TALKS_GET_MESSAGE),
      route(PUT, TALKS + "/talks/:id/messages/:message_id", Operations.TALKS_EDIT_MESSAGE),
      route(DELETE, TALKS + "/talks/:id/messages/:message_id", Operations.TALKS_DELETE_MESSAGE),
      route(POST, TALKS + "/messages/:id/reactions", Operations.TALKS_ADD_REACTION, Limit.REACTIONS),
      route(DELETE, TALKS + "/messages/:id/reactions", Operations.TALKS_REMOVE_REACTION),
      // VoIPBIN's agent API (issue 14 item 7): admins change their customer's agents, an agent itself
      route(PUT, "/v1.0/agents/:id", Operations.UPDATE_AGENT),
      route(DELETE, "/v1.0/agents/:id", Operations.DELETE_AGENT),
      route(PUT, "/v1.0/agents/:id/password", Operations.SET_AGENT_PASSWORD, Limit.PASSWORDS),
      route(PUT, "/v1.0/agents/:id/permission", Operations.SET_AGENT_PERMISSION),
      route(PUT, "/v1.0/agents/:id/status", Operations.SET_AGENT_STATUS, Limit.STATUSES),
      route(PUT, TALK + "/me", Operations.UPDATE_ME),
      route(PUT, TALK + "/me/password", Operations.SET_MY_PASSWORD, Limit.PASSWORDS),
      route(PUT, TALK + "/me/status", Operations.SET_MY_STATUS, Limit.STATUSES),
      // Customers: the platform operator's /customers, every agent's own /customer (issue 14 item 8).
      route(GET, "/v1.0/customers", Operations.LIST_CUSTOMERS),
      route(POST, "/v1.0/customers", Operations.CREATE_CUSTOMER),
      route(GET, "/v1.0/customers/:id", Operations.GET_CUSTOMER),
      route(PUT, "/v1.0/customers/:id", Operations.UPDATE_CUSTOMER),
      route(DELETE, "/v1.0/customers/:id", Operations.DELETE_CUSTOMER),
      route(GET, "/v1.0/customer", Operations.GET_MY_CUSTOMER),
      route(PUT, "/v1.0/customer", Operations.UPDATE_MY_CUSTOMER),
      route(GET, TALK + "/customer", Operations.GET_MY_CUSTOMER),
      // Webhook endpoints (issue 17): the customer's admins.
      route(POST, "/v1.0/webhook_endpoints", Operations.CREATE_WEBHOOK_ENDPOINT),
      route(GET, "/v1.0/webhook_endpoints", Operations.LIST_WEBHOOK_ENDPOINTS),
      route(GET, "/v1.0/webhook_endpoints/:id", Operations.GET_WEBHOOK_ENDPOINT),
      route(PUT, "/v1.0/webhook_endpoints/:id", Operations.UPDATE_WEBHOOK_ENDPOINT),
      route(DELETE, "/v1.0/webhook_endpoints/:id", Operations.DELETE_WEBHOOK_ENDPOINT),
      route(POST, "/v1.0/webhook_endpoints/:id/secret", Operations.ROTATE_WEBHOOK_SECRET),
      route(GET, "/v1.0/webhook_endpoints/:id/deliveries", Operations.LIST_WEBHOOK_DELIVERIES),
      route(GET, "/v1.0/webhook_endpoints/:id/parked", Operations.LIST_WEBHOOK_PARKED),
      route(POST, "/v1.0/webhook_endpoints/:id/parked/:parked_id/replay", Operations.REPLAY_WEBHOOK_PARKED));

  /** Login and the forwarded routes: the whole public API but the gateway's own health probes and document. */
  public static final List<PublicRoute> ALL = all();

  private PublicRoutes() {
  }

  private static PublicRoute route(HttpMethod method, String path, Operation<?, ?> operation) {
    return route(method, path, operation, Limit.NONE);
  }

  private static PublicRoute route(HttpMethod method, String path, Operation<?, ?> operation, Limit limit) {
    return new PublicRoute(method, path, operation, limit);
  }

  private static List<PublicRoute> all() {
    List<PublicRoute> all = new ArrayList<>();
    all.add(LOGIN);
    all.addAll(FORWARDED);
    return List.copyOf(all);
  }
}
