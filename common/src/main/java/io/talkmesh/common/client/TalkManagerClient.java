package io.talkmesh.common.client;

import io.talkmesh.common.event.EventPage;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.rpc.RpcClient;
import io.talkmesh.common.rpc.RpcRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** The typed client of talk-manager's RPC routes, for services that call it directly. */
public final class TalkManagerClient {
  private final RpcClient rpc;
  private final String publisher;

  public TalkManagerClient(RpcClient rpc, String publisher) {
    this.rpc = rpc;
    this.publisher = publisher;
  }

  /** Sends one request as-is and returns the response data or fails with the TalkException it carries. */
  public Future<Object> call(String method, String uri, JsonObject body, Actor actor, String requestId) {
    return rpc.call(RpcRequest.of(method, uri, body, actor, publisher, requestId)).map(r -> r.dataOrThrow());
  }

  /** As {@link #call(String, String, JsonObject, Actor, String)}, carrying the caller's traceparent too. */
  public Future<Object> call(String method, String uri, JsonObject body, Actor actor, io.talkmesh.common.rpc.Trace trace) {
    return rpc.call(RpcRequest.of(method, uri, body, actor, publisher, trace)).map(r -> r.dataOrThrow());
  }

  public Future<Agent> login(String username, String password) {
    return object("POST", Routes.LOGIN, new JsonObject().put("username", username).put("password", password), null)
        .map(Agent::fromJson);
  }

  public Future<Agent> createAgent(Actor actor, String username, String password, String name, String detail) {
    JsonObject body = new JsonObject().put("username", username).put("password", password).put("name", name)
        .put("detail", detail);
    return object("POST", Routes.AGENTS, body, actor).map(Agent::fromJson);
  }

  public Future<Page<Agent>> listAgents(Actor actor, int pageSize, String pageToken) {
    return object("GET", Routes.AGENTS + page(pageSize, pageToken, "?"), null, actor)
        .map(json -> Page.fromJson(json, Agent::fromJson));
  }

  public Future<Chat> createChat(Actor actor, String type, String name, String detail, List<UUID> agentIds) {
    JsonArray participants = new JsonArray();
    agentIds.forEach(id -> participants.add(new JsonObject().put("owner_type", Agent.OWNER_TYPE).put("owner_id", id.toString())));
    JsonObject body = new JsonObject().put("type", type).put("name", name).put("detail", detail)
        .put("participants", participants);
    return object("POST", Routes.CHATS, body, actor).map(Chat::fromJson);
  }

  public Future<Chat> getChat(Actor actor, UUID chatId) {
    return object("GET", Routes.withId(Routes.CHAT, chatId), null, actor).map(Chat::fromJson);
  }

  /** The customer's live public {@code talk} channels, newest first. */
  public Future<Page<Chat>> listChannels(Actor actor, int pageSize, String pageToken) {
    return object("GET", Routes.CHANNELS + page(pageSize, pageToken, "?"), null, actor)
        .map(json -> Page.fromJson(json, Chat::fromJson));
  }

  public Future<Participant> addParticipant(Actor actor, UUID chatId, UUID agentId) {
    JsonObject body = new JsonObject().put("owner_type", Agent.OWNER_TYPE).put("owner_id", agentId.toString());
    return object("POST", Routes.withId(Routes.CHAT_PARTICIPANTS, chatId), body, actor).map(Participant::fromJson);
  }

  public Future<List<Participant>> listParticipants(Actor actor, UUID chatId) {
    return array("GET", Routes.withId(Routes.CHAT_PARTICIPANTS, chatId), actor);
  }

  /** The acting agent's own participations: the chats it is in. */
  public Future<List<Participant>> participations(Actor actor) {
    return array("GET", Routes.PARTICIPANTS, actor);
  }

  public Future<Message> sendMessage(Actor actor, UUID chatId, String text, UUID parentId) {
    JsonObject body = new JsonObject().put("chat_id", chatId.toString()).put("type", Message.TYPE_NORMAL).put("text", text);
    if (parentId != null) {
      body.put("parent_id", parentId.toString());
    }
    return object("POST", Routes.MESSAGES, body, actor).map(Message::fromJson);
  }

  public Future<Page<Message>> listMessages(Actor actor, UUID chatId, int pageSize, String pageToken) {
    String uri = Routes.MESSAGES + "?chat_id=" + chatId + page(pageSize, pageToken, "&");
    return object("GET", uri, null, actor).map(json -> Page.fromJson(json, Message::fromJson));
  }

  /** The chat's events after {@code afterSeq}, oldest first: a page of at most {@code limit} events and 1 MiB. */
  public Future<EventPage> eventsAfter(Actor actor, UUID chatId, long afterSeq, int limit) {
    return object("GET", Routes.withId(Routes.CHAT_EVENTS, chatId) + "?after_seq=" + afterSeq + "&limit=" + limit, null,
        actor).map(EventPage::fromJson);
  }

  private Future<JsonObject> object(String method, String uri, JsonObject body, Actor actor) {
    return call(method, uri, body, actor, UUID.randomUUID().toString()).map(JsonObject.class::cast);
  }

  private Future<List<Participant>> array(String method, String uri, Actor actor) {
    return call(method, uri, null, actor, UUID.randomUUID().toString())
        .map(data -> ((JsonArray) data).stream().map(o -> Participant.fromJson((JsonObject) o)).toList());
  }

  private static String page(int pageSize, String pageToken, String first) {
    String query = first + "page_size=" + pageSize;
    return pageToken == null || pageToken.isEmpty() ? query : query + "&page_token=" + RpcRequest.encode(pageToken);
  }
}
