package io.talkmesh.talkmanager.rpc;

import io.talkmesh.common.operation.Operations;
import io.talkmesh.common.rpc.RpcRouter;
import io.talkmesh.talkmanager.agent.AgentService;
import io.talkmesh.talkmanager.chat.ChatService;
import io.talkmesh.talkmanager.customer.CustomerService;
import io.talkmesh.talkmanager.eventlog.EventLogService;
import io.talkmesh.talkmanager.legacy.LegacyService;
import io.talkmesh.talkmanager.message.AroundService;
import io.talkmesh.talkmanager.message.MessageService;
import io.talkmesh.talkmanager.participant.ParticipantService;
import io.talkmesh.talkmanager.pin.PinService;
import io.talkmesh.talkmanager.readstate.ReadStateService;
import io.talkmesh.talkmanager.search.SearchService;
import io.talkmesh.talkmanager.talks.TalkService;
import io.talkmesh.talkmanager.webhook.WebhookService;

/**
 * talk-manager's handlers, one line per operation of common's {@link Operations}: the router checks the caller,
 * decodes the request and encodes the response, so a line only says which service method serves it.
 */
public final class TalkRoutes {
  private TalkRoutes() {
  }

  public static RpcRouter of(AgentService agents, ChatService chats, ParticipantService participants,
                             MessageService messages, EventLogService eventLog, LegacyService legacy,
                             TalkService talks, CustomerService customers, ReadStateService readState,
                             SearchService search, PinService pins, AroundService around,
                             io.talkmesh.talkmanager.presence.PresenceService presence, WebhookService webhooks) {
    return new RpcRouter()
        .bind(Operations.LOGIN, (actor, req, trace) -> agents.login(req))
        .bind(Operations.CREATE_AGENT, agents::create)
        .bind(Operations.LIST_AGENTS, (actor, req, trace) -> agents.list(actor, req.page()))
        .bind(Operations.GET_AGENT, (actor, req, trace) -> agents.get(actor, req.id()))
        .bind(Operations.GET_ME, (actor, req, trace) -> agents.get(actor, actor.ownerId()))
        .bind(Operations.CREATE_CHAT, chats::create)
        .bind(Operations.LIST_CHATS, (actor, req, trace) -> chats.mine(actor, req.page()))
        .bind(Operations.GET_CHAT, (actor, req, trace) -> chats.getAsRead(actor, req.id()))
        .bind(Operations.UPDATE_CHAT, chats::update)
        .bind(Operations.DELETE_CHAT, (actor, req, trace) -> chats.delete(actor, req.id(), trace))
        .bind(Operations.MARK_READ, readState::mark)
        .bind(Operations.LIST_CHANNELS, (actor, req, trace) -> chats.channels(actor, req.page()))
        .bind(Operations.JOIN_CHAT, (actor, req, trace) -> participants.join(actor, req.id(), trace))
        .bind(Operations.ADD_PARTICIPANT, participants::add)
        .bind(Operations.LIST_PARTICIPANTS, (actor, req, trace) -> participants.list(actor, req.id()))
        .bind(Operations.REMOVE_PARTICIPANT, participants::remove)
        .bind(Operations.MY_PARTICIPATIONS, (actor, req, trace) -> participants.mine(actor))
        .bind(Operations.CHAT_EVENTS, (actor, req, trace) -> eventLog.after(actor, req))
        .bind(Operations.SEND_MESSAGE, messages::send)
        .bind(Operations.LIST_MESSAGES, (actor, req, trace) -> messages.list(actor, req))
        .bind(Operations.GET_MESSAGE, (actor, req, trace) -> messages.get(actor, req.id()))
        .bind(Operations.EDIT_MESSAGE, messages::edit)
        .bind(Operations.DELETE_MESSAGE, (actor, req, trace) -> messages.delete(actor, req.id(), trace))
        .bind(Operations.MESSAGE_THREAD, (actor, req, trace) -> messages.thread(actor, req))
        .bind(Operations.ADD_REACTION, messages::react)
        .bind(Operations.REMOVE_REACTION, messages::unreact)
        .bind(Operations.SEARCH_MESSAGES, (actor, req, trace) -> search.search(actor, req))
        .bind(Operations.LIST_PINS, (actor, req, trace) -> pins.list(actor, req))
        .bind(Operations.PIN_MESSAGE, pins::pin)
        .bind(Operations.UNPIN_MESSAGE, pins::unpin)
        .bind(Operations.MESSAGES_AROUND, (actor, req, trace) -> around.around(actor, req))
        .bind(Operations.LEGACY_CREATE_CHAT, legacy::createChat)
        .bind(Operations.LEGACY_LIST_CHATS, (actor, req, trace) -> legacy.listChats(actor, req.page()))
        .bind(Operations.LEGACY_GET_CHAT, (actor, req, trace) -> legacy.getChat(actor, req.id()))
        .bind(Operations.LEGACY_UPDATE_CHAT, legacy::updateChat)
        .bind(Operations.LEGACY_DELETE_CHAT, (actor, req, trace) -> legacy.deleteChat(actor, req.id(), trace))
        .bind(Operations.LEGACY_LIST_CHATROOMS, (actor, req, trace) -> legacy.listRooms(actor, req))
        .bind(Operations.LEGACY_GET_CHATROOM, (actor, req, trace) -> legacy.getRoom(actor, req.id()))
        .bind(Operations.LEGACY_SEND_CHATMESSAGE, legacy::sendMessage)
        .bind(Operations.LEGACY_LIST_CHATMESSAGES, (actor, req, trace) -> legacy.listMessages(actor, req))
        .bind(Operations.LEGACY_GET_CHATMESSAGE, (actor, req, trace) -> legacy.getMessage(actor, req.id()))
        .bind(Operations.LEGACY_LIST_CHATROOMMESSAGES, (actor, req, trace) -> legacy.listRoomMessages(actor, req))
        .bind(Operations.LEGACY_GET_CHATROOMMESSAGE, (actor, req, trace) -> legacy.getRoomMessage(actor, req.id()))
        .bind(Operations.LEGACY_ADD_CHAT_PARTICIPANT, legacy::addParticipant)
        .bind(Operations.LEGACY_REMOVE_CHAT_PARTICIPANT, legacy::removeParticipant)
        .bind(Operations.LEGACY_CHANGE_ROOM_OWNER, legacy::changeOwner)
        .bind(Operations.LEGACY_DELETE_CHATMESSAGE, (actor, req, trace) -> legacy.deleteMessage(actor, req.id(), trace))
        .bind(Operations.LEGACY_CREATE_CHATROOM, legacy::createRoom)
        .bind(Operations.LEGACY_UPDATE_CHATROOM, legacy::updateRoom)
        .bind(Operations.LEGACY_DELETE_CHATROOM, (actor, req, trace) -> legacy.deleteRoom(actor, req.id(), trace))
        .bind(Operations.LEGACY_SEND_CHATROOMMESSAGE, legacy::sendRoomMessage)
        .bind(Operations.LEGACY_DELETE_CHATROOMMESSAGE, (actor, req, trace) -> legacy.deleteRoomMessage(actor, req.id(), trace))
        .bind(Operations.TALKS_CREATE, talks::create)
        .bind(Operations.TALKS_LIST, (actor, req, trace) -> talks.list(actor, req.page()))
        .bind(Operations.TALKS_GET, (actor, req, trace) -> talks.get(actor, req.id()))
        .bind(Operations.TALKS_UPDATE, talks::update)
        .bind(Operations.TALKS_DELETE, (actor, req, trace) -> talks.delete(actor, req.id(), trace))
        .bind(Operations.TALKS_ADD_PARTICIPANT, talks::addParticipant)
        .bind(Operations.TALKS_LIST_PARTICIPANTS, (actor, req, trace) -> talks.participants(actor, req.id()))
        .bind(Operations.TALKS_REMOVE_PARTICIPANT, talks::removeParticipant)
        .bind(Operations.TALKS_SEND_MESSAGE, talks::send)
        .bind(Operations.TALKS_LIST_MESSAGES, (actor, req, trace) -> talks.messages(actor, req))
        .bind(Operations.TALKS_GET_MESSAGE, (actor, req, trace) -> talks.message(actor, req))
        .bind(Operations.TALKS_EDIT_MESSAGE, talks::edit)
        .bind(Operations.TALKS_DELETE_MESSAGE, talks::deleteMessage)
        .bind(Operations.TALKS_ADD_REACTION, talks::react)
        .bind(Operations.TALKS_REMOVE_REACTION, talks::unreact)
        .bind(Operations.UPDATE_AGENT, agents::update)
        .bind(Operations.DELETE_AGENT, (actor, req, trace) -> agents.delete(actor, req.id(), trace))
        .bind(Operations.SET_AGENT_PASSWORD, agents::setPassword)
        .bind(Operations.SET_AGENT_PERMISSION, agents::setPermission)
        .bind(Operations.SET_AGENT_STATUS, agents::setStatus)
        .bind(Operations.UPDATE_ME, agents::updateMe)
        .bind(Operations.SET_MY_PASSWORD, agents::setMyPassword)
        .bind(Operations.SET_MY_STATUS, agents::setMyStatus)
        .bind(Operations.AGENT_ACCESS, (actor, req, trace) -> agents.access(req.id()))
        .bind(Operations.REPORT_SESSIONS, (actor, req, trace) -> presence.report(req, trace))
        .bind(Operations.LIST_CUSTOMERS, (actor, req, trace) -> customers.list(actor, req.page()))
        .bind(Operations.CREATE_CUSTOMER, customers::create)
        .bind(Operations.GET_CUSTOMER, (actor, req, trace) -> customers.get(actor, req.id()))
        .bind(Operations.UPDATE_CUSTOMER, customers::update)
        .bind(Operations.DELETE_CUSTOMER, (actor, req, trace) -> customers.delete(actor, req.id(), trace))
        .bind(Operations.GET_MY_CUSTOMER, (actor, req, trace) -> customers.mine(actor))
        .bind(Operations.UPDATE_MY_CUSTOMER, customers::updateMine)
        .bind(Operations.CREATE_WEBHOOK_ENDPOINT, webhooks::create)
        .bind(Operations.LIST_WEBHOOK_ENDPOINTS, (actor, req, trace) -> webhooks.list(actor, req.page()))
        // before GET_WEBHOOK_ENDPOINT: the first route whose template matches serves, and {id} matches "active"
        .bind(Operations.ACTIVE_WEBHOOKS, (actor, req, trace) -> webhooks.active(req.customerId()))
        .bind(Operations.GET_WEBHOOK_ENDPOINT, (actor, req, trace) -> webhooks.get(actor, req.id()))
        .bind(Operations.UPDATE_WEBHOOK_ENDPOINT, webhooks::update)
        .bind(Operations.DELETE_WEBHOOK_ENDPOINT, (actor, req, trace) -> webhooks.delete(actor, req.id(), trace))
        .bind(Operations.ROTATE_WEBHOOK_SECRET, (actor, req, trace) -> webhooks.rotate(actor, req.id(), trace))
        .bind(Operations.RECORD_WEBHOOK_DELIVERIES, (actor, req, trace) -> webhooks.recordDeliveries(req, trace))
        .bind(Operations.LIST_WEBHOOK_DELIVERIES, (actor, req, trace) -> webhooks.deliveries(actor, req))
        .bind(Operations.PARK_WEBHOOK_EVENT, (actor, req, trace) -> webhooks.park(req, trace))
        .bind(Operations.LIST_WEBHOOK_PARKED, (actor, req, trace) -> webhooks.parked(actor, req))
        .bind(Operations.REPLAY_WEBHOOK_PARKED, webhooks::replay);
  }
}
