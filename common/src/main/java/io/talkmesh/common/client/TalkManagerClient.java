package io.talkmesh.common.client;

import io.talkmesh.common.event.EventPage;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.operation.Operation;
import io.talkmesh.common.operation.Operations;
import io.talkmesh.common.operation.Request;
import io.talkmesh.common.request.ById;
import io.talkmesh.common.request.NoInput;
import io.talkmesh.common.request.Paged;
import io.talkmesh.common.request.agent.CreateAgent;
import io.talkmesh.common.request.agent.Login;
import io.talkmesh.common.request.chat.CreateChat;
import io.talkmesh.common.request.eventlog.EventsAfter;
import io.talkmesh.common.request.message.SendMessage;
import io.talkmesh.common.request.participant.AddParticipant;
import io.talkmesh.common.rpc.RpcClient;
import io.talkmesh.common.rpc.RpcRequest;
import io.talkmesh.common.rpc.Trace;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * The typed client of talk-manager's operations ({@link Operations}), for services that call it directly:
 * {@code call(Operations.SEND_MESSAGE, actor, new SendMessage(...), trace)} answers the operation's response type
 * or fails with the TalkException the reply carries. The named methods below are the calls the services make.
 */
public final class TalkManagerClient {
  private final RpcClient rpc;
  private final String publisher;

  public TalkManagerClient(RpcClient rpc, String publisher) {
    this.rpc = rpc;
    this.publisher = publisher;
  }

  /** Calls the operation with the request encoded as its path, query and body; the decoded response. */
  public <Q extends Request, R> Future<R> call(Operation<Q, R> op, Actor actor, Q request, Trace trace) {
    return call(op, op.uri(request.pathParams(), request.queryParams()), op.body() ? request.toBody() : null, actor,
        trace).map(op.response().decode());
  }

  /** Sends the operation's request as already built (the gateway forwards public requests so); the raw data. */
  public Future<Object> call(Operation<?, ?> op, String uri, JsonObject body, Actor actor, Trace trace) {
    return rpc.call(RpcRequest.of(op.method(), uri, body, actor, publisher, trace)).map(r -> r.dataOrThrow());
  }

  public Future<Agent> login(String username, String password) {
    return call(Operations.LOGIN, null, new Login(username, password, ""), newTrace());
  }

  /** An agent's access state, asked by a service without an actor ({@link Operations#AGENT_ACCESS}). */
  public Future<io.talkmesh.common.auth.AccessState> access(UUID agentId) {
    return call(Operations.AGENT_ACCESS, null, new io.talkmesh.common.request.ById(agentId), newTrace());
  }

  /** A push instance's presence report, by a service without an actor ({@link Operations#REPORT_SESSIONS}). */
  public Future<io.talkmesh.common.request.presence.SessionsReply> reportSessions(
      io.talkmesh.common.request.presence.ReportSessions report) {
    return call(Operations.REPORT_SESSIONS, null, report, newTrace());
  }

  /**
   * Where a customer's events go, asked by webhook-service without an actor ({@link Operations#ACTIVE_WEBHOOKS}):
   * its enabled live endpoints with their secrets, and its own webhook when set.
   */
  public Future<io.talkmesh.common.model.ActiveWebhooks> activeWebhooks(UUID customerId) {
    return call(Operations.ACTIVE_WEBHOOKS, null, new io.talkmesh.common.request.webhook.ActiveWebhooksOf(customerId),
        newTrace());
  }

  /** webhook-service's delivery attempts, stored for the endpoints' logs ({@link Operations#RECORD_WEBHOOK_DELIVERIES}). */
  public Future<io.talkmesh.common.request.webhook.DeliveriesRecorded> recordDeliveries(
      List<io.talkmesh.common.request.webhook.RecordDeliveries.Attempt> attempts) {
    return call(Operations.RECORD_WEBHOOK_DELIVERIES, null,
        new io.talkmesh.common.request.webhook.RecordDeliveries(attempts), newTrace());
  }

  /** webhook-service parks an event it gave up on ({@link Operations#PARK_WEBHOOK_EVENT}); a second park is a no-op. */
  public Future<io.talkmesh.common.model.WebhookParked> parkEvent(io.talkmesh.common.request.webhook.ParkEvent park) {
    return call(Operations.PARK_WEBHOOK_EVENT, null, park, newTrace());
  }

  public Future<Agent> createAgent(Actor actor, String username, String password, String name, String detail) {
    return call(Operations.CREATE_AGENT, actor, new CreateAgent(username, password, name, detail,
        Permission.AGENT.bit()), newTrace());
  }

  public Future<Chat> createChat(Actor actor, String type, String name, String detail, List<UUID> agentIds) {
    return call(Operations.CREATE_CHAT, actor, new CreateChat(ChatType.parse(type), name, detail, agentIds), newTrace());
  }

  public Future<Chat> getChat(Actor actor, UUID chatId) {
    return call(Operations.GET_CHAT, actor, new ById(chatId), newTrace());
  }

  /** The customer's live public {@code talk} channels, newest first. */
  public Future<Page<Chat>> listChannels(Actor actor, int pageSize, String pageToken) {
    return call(Operations.LIST_CHANNELS, actor, new Paged(PageRequest.of(Integer.toString(pageSize), pageToken)),
        newTrace());
  }

  public Future<Participant> addParticipant(Actor actor, UUID chatId, UUID agentId) {
    return call(Operations.ADD_PARTICIPANT, actor, AddParticipant.agent(chatId, agentId), newTrace());
  }

  /** The acting agent's own participations: the chats it is in. */
  public Future<List<Participant>> participations(Actor actor) {
    return call(Operations.MY_PARTICIPATIONS, actor, NoInput.INSTANCE, newTrace());
  }

  public Future<Message> sendMessage(Actor actor, UUID chatId, String text, UUID parentId) {
    return call(Operations.SEND_MESSAGE, actor, SendMessage.text(chatId, text, parentId), newTrace());
  }

  /** The chat's events after {@code afterSeq}, oldest first: a page of at most {@code limit} events and 1 MiB. */
  /** Moves the actor's read pointer of the chat forward, to the message or (null) the newest; its read state. */
  public Future<io.talkmesh.common.model.ReadState> markRead(Actor actor, UUID chatId, UUID messageId) {
    return call(Operations.MARK_READ, actor, new io.talkmesh.common.request.chat.MarkRead(chatId, messageId),
        newTrace());
  }

  public Future<EventPage> eventsAfter(Actor actor, UUID chatId, long afterSeq, int limit) {
    return call(Operations.CHAT_EVENTS, actor, new EventsAfter(chatId, afterSeq, limit), newTrace());
  }

  private static Trace newTrace() {
    return new Trace(UUID.randomUUID().toString(), "");
  }
}
