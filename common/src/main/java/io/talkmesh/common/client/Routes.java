package io.talkmesh.common.client;

/**
 * talk-manager's RPC routes: the public contract for every service that calls it (documented in docs/rpc.md).
 * Path parameters are written {@code {name}}.
 */
public final class Routes {
  public static final String LOGIN = "/v1/auth/login";
  public static final String AGENTS = "/v1/agents";
  public static final String AGENT = "/v1/agents/{id}";
  public static final String CHATS = "/v1/chats";
  public static final String CHAT = "/v1/chats/{id}";
  public static final String CHAT_PARTICIPANTS = "/v1/chats/{id}/participants";
  public static final String CHAT_EVENTS = "/v1/chats/{id}/events";
  public static final String CHAT_JOIN = "/v1/chats/{id}/join";
  public static final String CHAT_PARTICIPANT = "/v1/chats/{id}/participants/{participant_id}";
  public static final String CHANNELS = "/v1/channels";
  public static final String PARTICIPANTS = "/v1/participants";
  public static final String MESSAGES = "/v1/messages";
  public static final String MESSAGE = "/v1/messages/{id}";
  public static final String MESSAGE_THREAD = "/v1/messages/{id}/thread";
  public static final String MESSAGE_REACTIONS = "/v1/messages/{id}/reactions";

  /** The older Chat API (seed 004), served from the same data. */
  public static final String LEGACY_CHATS = "/v1/legacy/chats";
  public static final String LEGACY_CHAT = "/v1/legacy/chats/{id}";
  public static final String LEGACY_CHATROOMS = "/v1/legacy/chatrooms";
  public static final String LEGACY_CHATROOM = "/v1/legacy/chatrooms/{id}";
  public static final String LEGACY_CHATMESSAGES = "/v1/legacy/chatmessages";
  public static final String LEGACY_CHATMESSAGE = "/v1/legacy/chatmessages/{id}";
  public static final String LEGACY_CHATROOMMESSAGES = "/v1/legacy/chatroommessages";
  public static final String LEGACY_CHATROOMMESSAGE = "/v1/legacy/chatroommessages/{id}";

  private Routes() {
  }

  /** The template with {@code {id}} replaced. */
  public static String withId(String template, Object id) {
    return template.replace("{id}", String.valueOf(id));
  }
}
