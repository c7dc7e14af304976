package io.talkmesh.talkmanager.rpc;

import io.talkmesh.common.client.Routes;
import io.talkmesh.common.event.EventPage;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.rpc.RpcRequest;
import io.talkmesh.common.rpc.RpcRouter;
import io.talkmesh.talkmanager.agent.AgentService;
import io.talkmesh.talkmanager.chat.ChatService;
import io.talkmesh.talkmanager.eventlog.EventLogService;
import io.talkmesh.talkmanager.legacy.LegacyService;
import io.talkmesh.talkmanager.message.MessageService;
import io.talkmesh.talkmanager.participant.ParticipantService;
import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** talk-manager's RPC routes (common's {@link Routes}), one line each, mapped to the domain services. */
public final class TalkRoutes {
  private TalkRoutes() {
  }

  public static RpcRouter of(AgentService agents, ChatService chats, ParticipantService participants,
                             MessageService messages, EventLogService eventLog, LegacyService legacy) {
    return new RpcRouter()
        .route("POST", Routes.LEGACY_CHATS, (r, p) -> legacy.createChat(r.requireActor(), r.body(), r.trace()))
        .route("GET", Routes.LEGACY_CHATS, (r, p) -> legacy.listChats(r.requireActor(), page(r)).map(TalkRoutes::page))
        .route("GET", Routes.LEGACY_CHAT, (r, p) -> legacy.getChat(r.requireActor(), id(p)))
        .route("PUT", Routes.LEGACY_CHAT, (r, p) -> legacy.updateChat(r.requireActor(), id(p), r.body(), r.trace()))
        .route("DELETE", Routes.LEGACY_CHAT, (r, p) -> legacy.deleteChat(r.requireActor(), id(p), r.trace()))
        .route("GET", Routes.LEGACY_CHATROOMS, (r, p) -> legacy.listRooms(r.requireActor(), r.query().get("owner_id"), page(r))
            .map(TalkRoutes::page))
        .route("GET", Routes.LEGACY_CHATROOM, (r, p) -> legacy.getRoom(r.requireActor(), id(p)))
        .route("POST", Routes.LEGACY_CHATMESSAGES, (r, p) -> legacy.sendMessage(r.requireActor(), r.body(), r.trace()))
        .route("GET", Routes.LEGACY_CHATMESSAGES, (r, p) -> legacy.listMessages(r.requireActor(), r.query().get("chat_id"),
            page(r)).map(TalkRoutes::page))
        .route("GET", Routes.LEGACY_CHATMESSAGE, (r, p) -> legacy.getMessage(r.requireActor(), id(p)))
        .route("GET", Routes.LEGACY_CHATROOMMESSAGES, (r, p) -> legacy.listRoomMessages(r.requireActor(),
            r.query().get("chatroom_id"), page(r)).map(TalkRoutes::page))
        .route("GET", Routes.LEGACY_CHATROOMMESSAGE, (r, p) -> legacy.getRoomMessage(r.requireActor(), id(p)))
        .route("POST", Routes.LOGIN, (r, p) -> agents.login(r.body()).map(Agent::toJson))
        .route("POST", Routes.AGENTS, (r, p) -> agents.create(r.requireActor(), r.body(), r.trace()).map(Agent::toJson))
        .route("GET", Routes.AGENTS, (r, p) -> agents.list(r.requireActor(), page(r)).map(pg -> pg.toJson(Agent::toJson)))
        .route("GET", Routes.AGENT, (r, p) -> agents.get(r.requireActor(), id(p)).map(Agent::toJson))
        .route("POST", Routes.CHATS, (r, p) -> chats.create(r.requireActor(), r.body(), r.trace()).map(Chat::toJson))
        .route("GET", Routes.CHATS, (r, p) -> chats.mine(r.requireActor(), page(r)).map(pg -> pg.toJson(Chat::toJson)))
        .route("GET", Routes.CHAT, (r, p) -> chats.get(r.requireActor(), id(p)).map(Chat::toJson))
        .route("PUT", Routes.CHAT, (r, p) -> chats.update(r.requireActor(), id(p), r.body(), r.trace()).map(Chat::toJson))
        .route("DELETE", Routes.CHAT, (r, p) -> chats.delete(r.requireActor(), id(p), r.trace()).map(Chat::toJson))
        .route("GET", Routes.CHANNELS, (r, p) -> chats.channels(r.requireActor(), page(r)).map(pg -> pg.toJson(Chat::toJson)))
        .route("POST", Routes.CHAT_JOIN, (r, p) -> participants.join(r.requireActor(), id(p), r.trace())
            .map(Participant::toJson))
        .route("DELETE", Routes.CHAT_PARTICIPANT, (r, p) -> participants.remove(r.requireActor(), id(p),
            Ids.parse("participant_id", p.get("participant_id")), r.trace()).map(Participant::toJson))
        .route("POST", Routes.CHAT_PARTICIPANTS,
            (r, p) -> participants.add(r.requireActor(), id(p), r.body(), r.trace()).map(Participant::toJson))
        .route("GET", Routes.CHAT_PARTICIPANTS, (r, p) -> participants.list(r.requireActor(), id(p)).map(TalkRoutes::array))
        .route("GET", Routes.CHAT_EVENTS, (r, p) -> eventLog.after(r.requireActor(), id(p), r.query().get("after_seq"),
            r.query().get("limit")).map(EventPage::toJson))
        .route("GET", Routes.PARTICIPANTS, (r, p) -> participants.mine(r.requireActor()).map(TalkRoutes::array))
        .route("POST", Routes.MESSAGES, (r, p) -> messages.send(r.requireActor(), r.body(), r.trace()).map(Message::toJson))
        .route("GET", Routes.MESSAGES, (r, p) -> messages.list(r.requireActor(), r.query().get("chat_id"), page(r))
            .map(pg -> pg.toJson(Message::toJson)))
        .route("GET", Routes.MESSAGE, (r, p) -> messages.get(r.requireActor(), id(p)).map(Message::toJson))
        .route("PUT", Routes.MESSAGE, (r, p) -> messages.edit(r.requireActor(), id(p), r.body(), r.trace())
            .map(Message::toJson))
        .route("DELETE", Routes.MESSAGE, (r, p) -> messages.delete(r.requireActor(), id(p), r.trace()).map(Message::toJson))
        .route("GET", Routes.MESSAGE_THREAD, (r, p) -> messages.thread(r.requireActor(), id(p), page(r))
            .map(pg -> pg.toJson(Message::toJson)))
        .route("POST", Routes.MESSAGE_REACTIONS, (r, p) -> messages.react(r.requireActor(), id(p), r.body(), r.trace())
            .map(Message::toJson))
        .route("DELETE", Routes.MESSAGE_REACTIONS, (r, p) -> messages.unreact(r.requireActor(), id(p),
            r.query().containsKey("emoji") ? r.query().get("emoji") : Fields.optionalString(r.body(), "emoji", null), r.trace())
            .map(Message::toJson));
  }

  private static UUID id(Map<String, String> params) {
    return Ids.parse("id", params.get("id"));
  }

  private static PageRequest page(RpcRequest request) {
    Map<String, String> query = request.query();
    return PageRequest.of(query.get("page_size"), query.get("page_token"));
  }

  private static io.vertx.core.json.JsonObject page(io.talkmesh.common.model.Page<io.vertx.core.json.JsonObject> page) {
    return page.toJson(json -> json);
  }

  private static JsonArray array(List<Participant> participants) {
    JsonArray array = new JsonArray();
    participants.forEach(p -> array.add(p.toJson()));
    return array;
  }
}
