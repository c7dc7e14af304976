package io.talkmesh.common.operation;

import io.talkmesh.common.event.EventPage;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.Customer;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.model.MessageWindow;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.model.Pin;
import io.talkmesh.common.model.ActiveWebhooks;
import io.talkmesh.common.model.WebhookDelivery;
import io.talkmesh.common.model.WebhookEndpoint;
import io.talkmesh.common.model.WebhookParked;
import io.talkmesh.common.request.ById;
import io.talkmesh.common.request.ByIdPaged;
import io.talkmesh.common.request.NoInput;
import io.talkmesh.common.request.Paged;
import io.talkmesh.common.auth.AccessState;
import io.talkmesh.common.request.agent.CreateAgent;
import io.talkmesh.common.request.agent.SetMyPassword;
import io.talkmesh.common.request.agent.SetMyStatus;
import io.talkmesh.common.request.agent.SetPassword;
import io.talkmesh.common.request.agent.SetPermission;
import io.talkmesh.common.request.agent.SetStatus;
import io.talkmesh.common.request.agent.UpdateAgent;
import io.talkmesh.common.request.agent.UpdateMe;
import io.talkmesh.common.request.agent.Login;
import io.talkmesh.common.model.ReadState;
import io.talkmesh.common.request.chat.CreateChat;
import io.talkmesh.common.request.chat.MarkRead;
import io.talkmesh.common.request.chat.UpdateChat;
import io.talkmesh.common.request.customer.CreateCustomer;
import io.talkmesh.common.request.customer.UpdateCustomer;
import io.talkmesh.common.request.customer.UpdateMyCustomer;
import io.talkmesh.common.request.eventlog.EventsAfter;
import io.talkmesh.common.request.legacy.AddChatParticipant;
import io.talkmesh.common.request.legacy.ChangeRoomOwner;
import io.talkmesh.common.request.legacy.CreateChatroom;
import io.talkmesh.common.request.legacy.CreateLegacyChat;
import io.talkmesh.common.request.legacy.ListChatroomMessages;
import io.talkmesh.common.request.legacy.ListChatrooms;
import io.talkmesh.common.request.legacy.SendChatmessage;
import io.talkmesh.common.request.legacy.SendChatroommessage;
import io.talkmesh.common.request.message.EditMessage;
import io.talkmesh.common.request.message.ListMessages;
import io.talkmesh.common.request.message.MessagesAround;
import io.talkmesh.common.request.message.React;
import io.talkmesh.common.request.message.SendMessage;
import io.talkmesh.common.request.message.Unreact;
import io.talkmesh.common.request.participant.AddParticipant;
import io.talkmesh.common.request.pin.PinMessage;
import io.talkmesh.common.request.pin.PinRef;
import io.talkmesh.common.request.search.SearchMessages;
import io.talkmesh.common.request.participant.RemoveParticipant;
import io.talkmesh.common.request.talks.AddTalkParticipant;
import io.talkmesh.common.request.talks.CreateTalk;
import io.talkmesh.common.request.talks.EditTalkMessage;
import io.talkmesh.common.request.talks.SendTalkMessage;
import io.talkmesh.common.request.talks.TalkMessageRef;
import io.talkmesh.common.request.talks.UpdateTalk;
import io.talkmesh.common.request.webhook.ActiveWebhooksOf;
import io.talkmesh.common.request.webhook.CreateWebhookEndpoint;
import io.talkmesh.common.request.webhook.DeliveriesRecorded;
import io.talkmesh.common.request.webhook.ParkEvent;
import io.talkmesh.common.request.webhook.ParkedRef;
import io.talkmesh.common.request.webhook.RecordDeliveries;
import io.talkmesh.common.request.webhook.UpdateWebhookEndpoint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * talk-manager's operations, each defined once: the public contract for every service that calls it (described in
 * docs/rpc.md). Adding an operation is one line here, one request type, one handler binding in talk-manager and,
 * when it is public, one route line in the gateway.
 */
public final class Operations {
  private static final List<Param> PAGE = List.of(Param.integer("page_size"), Param.string("page_token"));

  public static final Operation<Login, Agent> LOGIN = op("auth.login", "POST", "/v1/auth/login", List.of(), true, Caller.ANYONE,
      Login.class, Login::from, Codecs.AGENT, "checks a username and password; the agent");
  public static final Operation<CreateAgent, Agent> CREATE_AGENT = op("agents.create", "POST", "/v1/agents", List.of(), true, Caller.AGENT,
      CreateAgent.class, CreateAgent::from, Codecs.AGENT, "creates an agent of the actor's customer (admins)");
  public static final Operation<Paged, Page<Agent>> LIST_AGENTS = op("agents.list", "GET", "/v1/agents", PAGE, false, Caller.AGENT,
      Paged.class, Paged::from, Codecs.AGENT_PAGE, "the customer's agents");
  public static final Operation<ById, Agent> GET_AGENT = op("agents.get", "GET", "/v1/agents/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.AGENT, "one agent of the customer");
  public static final Operation<NoInput, Agent> GET_ME = op("agents.me", "GET", "/v1/me", List.of(), false, Caller.AGENT,
      NoInput.class, NoInput::from, Codecs.AGENT, "the calling agent");
  public static final Operation<CreateChat, Chat> CREATE_CHAT = op("chats.create", "POST", "/v1/chats", List.of(), true, Caller.AGENT,
      CreateChat.class, CreateChat::from, Codecs.CHAT, "creates a chat with its first participants");
  public static final Operation<Paged, Page<Chat>> LIST_CHATS = op("chats.list", "GET", "/v1/chats", PAGE, false, Caller.AGENT,
      Paged.class, Paged::from, Codecs.CHAT_PAGE, "the chats the actor participates in");
  public static final Operation<ById, Chat> GET_CHAT = op("chats.get", "GET", "/v1/chats/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.CHAT, "one chat the actor may read");
  public static final Operation<UpdateChat, Chat> UPDATE_CHAT = op("chats.update", "PUT", "/v1/chats/{id}", List.of(), true, Caller.AGENT,
      UpdateChat.class, UpdateChat::from, Codecs.CHAT, "renames a chat or changes its detail");
  public static final Operation<ById, Chat> DELETE_CHAT = op("chats.delete", "DELETE", "/v1/chats/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.CHAT, "soft-deletes a chat");
  public static final Operation<MarkRead, ReadState> MARK_READ = op("chats.read", "POST", "/v1/chats/{id}/read", List.of(), true, Caller.AGENT,
      MarkRead.class, MarkRead::from, Codecs.READ_STATE, "moves the caller's read pointer forward; its read state");
  public static final Operation<Paged, Page<Chat>> LIST_CHANNELS = op("channels.list", "GET", "/v1/channels", PAGE, false, Caller.AGENT,
      Paged.class, Paged::from, Codecs.CHAT_PAGE, "the customer's live public talk channels");
  public static final Operation<ById, Participant> JOIN_CHAT = op("chats.join", "POST", "/v1/chats/{id}/join", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.PARTICIPANT, "joins a public talk channel");
  public static final Operation<AddParticipant, Participant> ADD_PARTICIPANT = op("participants.add", "POST", "/v1/chats/{id}/participants", List.of(), true, Caller.AGENT,
      AddParticipant.class, AddParticipant::from, Codecs.PARTICIPANT, "adds an agent to a chat");
  public static final Operation<ById, List<Participant>> LIST_PARTICIPANTS = op("participants.list", "GET", "/v1/chats/{id}/participants", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.PARTICIPANTS, "a chat's participants");
  public static final Operation<RemoveParticipant, Participant> REMOVE_PARTICIPANT = op("participants.remove", "DELETE", "/v1/chats/{id}/participants/{participant_id}", List.of(), false, Caller.AGENT,
      RemoveParticipant.class, RemoveParticipant::from, Codecs.PARTICIPANT, "removes a participant (or leaves)");
  public static final Operation<NoInput, List<Participant>> MY_PARTICIPATIONS = op("participants.mine", "GET", "/v1/participants", List.of(), false, Caller.AGENT,
      NoInput.class, NoInput::from, Codecs.PARTICIPANTS, "the actor's own participations");
  public static final Operation<EventsAfter, EventPage> CHAT_EVENTS = op("events.after", "GET", "/v1/chats/{id}/events", List.of(Param.integer("after_seq"), Param.integer("limit")), false, Caller.AGENT,
      EventsAfter.class, EventsAfter::from, Codecs.EVENT_PAGE, "a chat's events after a seq (resume)");
  public static final Operation<SendMessage, Message> SEND_MESSAGE = op("messages.send", "POST", "/v1/messages", List.of(), true, Caller.AGENT,
      SendMessage.class, SendMessage::from, Codecs.MESSAGE, "sends a message");
  public static final Operation<ListMessages, Page<Message>> LIST_MESSAGES = op("messages.list", "GET", "/v1/messages", withPage(Param.uuid("chat_id")), false, Caller.AGENT,
      ListMessages.class, ListMessages::from, Codecs.MESSAGE_PAGE, "messages of a chat, or of every chat of the actor");
  public static final Operation<ById, Message> GET_MESSAGE = op("messages.get", "GET", "/v1/messages/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.MESSAGE, "one message");
  public static final Operation<EditMessage, Message> EDIT_MESSAGE = op("messages.edit", "PUT", "/v1/messages/{id}", List.of(), true, Caller.AGENT,
      EditMessage.class, EditMessage::from, Codecs.MESSAGE, "the author edits a message's text");
  public static final Operation<ById, Message> DELETE_MESSAGE = op("messages.delete", "DELETE", "/v1/messages/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.MESSAGE, "soft-deletes a message");
  public static final Operation<ByIdPaged, Page<Message>> MESSAGE_THREAD = op("messages.thread", "GET", "/v1/messages/{id}/thread", PAGE, false, Caller.AGENT,
      ByIdPaged.class, ByIdPaged::from, Codecs.MESSAGE_PAGE, "a message's replies");
  public static final Operation<React, Message> ADD_REACTION = op("reactions.add", "POST", "/v1/messages/{id}/reactions", List.of(), true, Caller.AGENT,
      React.class, React::from, Codecs.MESSAGE, "adds the actor's reaction");
  public static final Operation<Unreact, Message> REMOVE_REACTION = op("reactions.remove", "DELETE", "/v1/messages/{id}/reactions", List.of(Param.string("emoji")), true, Caller.AGENT,
      Unreact.class, Unreact::from, Codecs.MESSAGE, "removes the actor's reaction");
  // Finding messages (docs/find.md): search, pins, a window around a message.
  public static final Operation<SearchMessages, Page<Message>> SEARCH_MESSAGES = op("search.messages", "GET", "/v1/search/messages",
      List.of(Param.string("q"), Param.uuid("chat_id"), Param.uuid("owner_id"), Param.string("after"), Param.string("before"),
          Param.integer("page_size"), Param.string("page_token")), false, Caller.AGENT,
      SearchMessages.class, SearchMessages::from, Codecs.MESSAGE_PAGE, "full-text search over the messages the actor may read, ranked");
  public static final Operation<ByIdPaged, Page<Pin>> LIST_PINS = op("pins.list", "GET", "/v1/chats/{id}/pins", PAGE, false, Caller.AGENT,
      ByIdPaged.class, ByIdPaged::from, Codecs.PIN_PAGE, "a chat's pins of live messages, newest first");
  public static final Operation<PinMessage, Pin> PIN_MESSAGE = op("pins.add", "POST", "/v1/chats/{id}/pins", List.of(), true, Caller.AGENT,
      PinMessage.class, PinMessage::from, Codecs.PIN, "a participant pins a message of the chat");
  public static final Operation<PinRef, Pin> UNPIN_MESSAGE = op("pins.remove", "DELETE", "/v1/chats/{id}/pins/{message_id}", List.of(), false, Caller.AGENT,
      PinRef.class, PinRef::from, Codecs.PIN, "a participant unpins a message");
  public static final Operation<MessagesAround, MessageWindow> MESSAGES_AROUND = op("messages.around", "GET", "/v1/chats/{id}/messages/around",
      List.of(Param.string("anchor"), Param.integer("num_before"), Param.integer("num_after"), Param.string("page_token")), false, Caller.AGENT,
      MessagesAround.class, MessagesAround::from, Codecs.MESSAGE_WINDOW, "a chat's messages around one (an id, the first unread, the newest)");
  public static final Operation<CreateLegacyChat, JsonObject> LEGACY_CREATE_CHAT = op("legacy.chats.create", "POST", "/v1/legacy/chats", List.of(), true, Caller.AGENT,
      CreateLegacyChat.class, CreateLegacyChat::from, Codecs.json("LegacyChat"), "older Chat API: creates a chat");
  public static final Operation<Paged, Page<JsonObject>> LEGACY_LIST_CHATS = op("legacy.chats.list", "GET", "/v1/legacy/chats", PAGE, false, Caller.AGENT,
      Paged.class, Paged::from, Codecs.jsonPage("LegacyChat"), "older Chat API: lists chats");
  public static final Operation<ById, JsonObject> LEGACY_GET_CHAT = op("legacy.chats.get", "GET", "/v1/legacy/chats/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.json("LegacyChat"), "older Chat API: one chat");
  public static final Operation<UpdateChat, JsonObject> LEGACY_UPDATE_CHAT = op("legacy.chats.update", "PUT", "/v1/legacy/chats/{id}", List.of(), true, Caller.AGENT,
      UpdateChat.class, UpdateChat::from, Codecs.json("LegacyChat"), "older Chat API: updates a chat");
  public static final Operation<ById, JsonObject> LEGACY_DELETE_CHAT = op("legacy.chats.delete", "DELETE", "/v1/legacy/chats/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.json("LegacyChat"), "older Chat API: deletes a chat");
  public static final Operation<ListChatrooms, Page<JsonObject>> LEGACY_LIST_CHATROOMS = op("legacy.chatrooms.list", "GET", "/v1/legacy/chatrooms", withPage(Param.uuid("owner_id")), false, Caller.AGENT,
      ListChatrooms.class, ListChatrooms::from, Codecs.jsonPage("LegacyChatroom"), "older Chat API: lists chatrooms");
  public static final Operation<ById, JsonObject> LEGACY_GET_CHATROOM = op("legacy.chatrooms.get", "GET", "/v1/legacy/chatrooms/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.json("LegacyChatroom"), "older Chat API: one chatroom");
  public static final Operation<SendChatmessage, JsonObject> LEGACY_SEND_CHATMESSAGE = op("legacy.chatmessages.send", "POST", "/v1/legacy/chatmessages", List.of(), true, Caller.AGENT,
      SendChatmessage.class, SendChatmessage::from, Codecs.json("LegacyChatmessage"), "older Chat API: sends a message");
  public static final Operation<ListMessages, Page<JsonObject>> LEGACY_LIST_CHATMESSAGES = op("legacy.chatmessages.list", "GET", "/v1/legacy/chatmessages", withPage(Param.uuid("chat_id")), false, Caller.AGENT,
      ListMessages.class, ListMessages::ofChat, Codecs.jsonPage("LegacyChatmessage"), "older Chat API: lists a chat's messages");
  public static final Operation<ById, JsonObject> LEGACY_GET_CHATMESSAGE = op("legacy.chatmessages.get", "GET", "/v1/legacy/chatmessages/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.json("LegacyChatmessage"), "older Chat API: one message");
  public static final Operation<ListChatroomMessages, Page<JsonObject>> LEGACY_LIST_CHATROOMMESSAGES = op("legacy.chatroommessages.list", "GET", "/v1/legacy/chatroommessages", withPage(Param.uuid("chatroom_id")), false, Caller.AGENT,
      ListChatroomMessages.class, ListChatroomMessages::from, Codecs.jsonPage("LegacyChatroommessage"), "older Chat API: lists a chatroom's messages");
  public static final Operation<ById, JsonObject> LEGACY_GET_CHATROOMMESSAGE = op("legacy.chatroommessages.get", "GET", "/v1/legacy/chatroommessages/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.json("LegacyChatroommessage"), "older Chat API: one chatroom message");
  public static final Operation<AddChatParticipant, JsonObject> LEGACY_ADD_CHAT_PARTICIPANT = op("legacy.chats.participants.add", "POST", "/v1/legacy/chats/{id}/participant_ids", List.of(), true, Caller.AGENT,
      AddChatParticipant.class, AddChatParticipant::from, Codecs.json("LegacyChat"), "older Chat API: adds an agent to a chat");
  public static final Operation<RemoveParticipant, JsonObject> LEGACY_REMOVE_CHAT_PARTICIPANT = op("legacy.chats.participants.remove", "DELETE", "/v1/legacy/chats/{id}/participant_ids/{participant_id}", List.of(), false, Caller.AGENT,
      RemoveParticipant.class, RemoveParticipant::from, Codecs.json("LegacyChat"), "older Chat API: removes an agent (by agent id) from a chat");
  public static final Operation<ChangeRoomOwner, JsonObject> LEGACY_CHANGE_ROOM_OWNER = op("legacy.chats.owner", "PUT", "/v1/legacy/chats/{id}/room_owner_id", List.of(), true, Caller.AGENT,
      ChangeRoomOwner.class, ChangeRoomOwner::from, Codecs.json("LegacyChat"), "older Chat API: hands a chat to another participant");
  public static final Operation<ById, JsonObject> LEGACY_DELETE_CHATMESSAGE = op("legacy.chatmessages.delete", "DELETE", "/v1/legacy/chatmessages/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.json("LegacyChatmessage"), "older Chat API: deletes a message");
  public static final Operation<CreateChatroom, JsonObject> LEGACY_CREATE_CHATROOM = op("legacy.chatrooms.create", "POST", "/v1/legacy/chatrooms", List.of(), true, Caller.AGENT,
      CreateChatroom.class, CreateChatroom::from, Codecs.json("LegacyChatroom"), "older Chat API: creates a group chat; the caller's room");
  public static final Operation<UpdateChat, JsonObject> LEGACY_UPDATE_CHATROOM = op("legacy.chatrooms.update", "PUT", "/v1/legacy/chatrooms/{id}", List.of(), true, Caller.AGENT,
      UpdateChat.class, UpdateChat::from, Codecs.json("LegacyChatroom"), "older Chat API: renames a chatroom's chat");
  public static final Operation<ById, JsonObject> LEGACY_DELETE_CHATROOM = op("legacy.chatrooms.delete", "DELETE", "/v1/legacy/chatrooms/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.json("LegacyChatroom"), "older Chat API: leaves a chatroom's chat");
  public static final Operation<SendChatroommessage, JsonObject> LEGACY_SEND_CHATROOMMESSAGE = op("legacy.chatroommessages.send", "POST", "/v1/legacy/chatroommessages", List.of(), true, Caller.AGENT,
      SendChatroommessage.class, SendChatroommessage::from, Codecs.json("LegacyChatroommessage"), "older Chat API: sends a message through a chatroom");
  public static final Operation<ById, JsonObject> LEGACY_DELETE_CHATROOMMESSAGE = op("legacy.chatroommessages.delete", "DELETE", "/v1/legacy/chatroommessages/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.json("LegacyChatroommessage"), "older Chat API: deletes a message through a chatroom");
  public static final Operation<Paged, Page<Customer>> LIST_CUSTOMERS = op("customers.list", "GET", "/v1/customers", PAGE, false, Caller.AGENT,
      Paged.class, Paged::from, Codecs.CUSTOMER_PAGE, "every live customer (the platform operator)");
  public static final Operation<CreateCustomer, Customer> CREATE_CUSTOMER = op("customers.create", "POST", "/v1/customers", List.of(), true, Caller.AGENT,
      CreateCustomer.class, CreateCustomer::from, Codecs.CUSTOMER, "creates a customer, optionally with its first admin (the platform operator)");
  public static final Operation<ById, Customer> GET_CUSTOMER = op("customers.get", "GET", "/v1/customers/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.CUSTOMER, "one customer, deleted or not (the platform operator)");
  public static final Operation<UpdateCustomer, Customer> UPDATE_CUSTOMER = op("customers.update", "PUT", "/v1/customers/{id}", List.of(), true, Caller.AGENT,
      UpdateCustomer.class, UpdateCustomer::from, Codecs.CUSTOMER, "changes a customer's fields (the platform operator)");
  public static final Operation<ById, Customer> DELETE_CUSTOMER = op("customers.delete", "DELETE", "/v1/customers/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.CUSTOMER, "soft-deletes a customer and its agents (the platform operator)");
  public static final Operation<NoInput, Customer> GET_MY_CUSTOMER = op("customer.get", "GET", "/v1/customer", List.of(), false, Caller.AGENT,
      NoInput.class, NoInput::from, Codecs.CUSTOMER, "the actor's own customer");
  public static final Operation<UpdateMyCustomer, Customer> UPDATE_MY_CUSTOMER = op("customer.update", "PUT", "/v1/customer", List.of(), true, Caller.AGENT,
      UpdateMyCustomer.class, UpdateMyCustomer::from, Codecs.CUSTOMER, "changes the actor's own customer (its admins)");

  // Webhook endpoints (issue 17, docs/webhooks.md): the customer's admins manage them, webhook-service reads them.
  public static final Operation<CreateWebhookEndpoint, WebhookEndpoint> CREATE_WEBHOOK_ENDPOINT = op("webhooks.endpoints.create", "POST", "/v1/webhook_endpoints", List.of(), true, Caller.AGENT,
      CreateWebhookEndpoint.class, CreateWebhookEndpoint::from, Codecs.WEBHOOK_ENDPOINT_WITH_SECRET, "an admin adds a webhook endpoint of the customer; it, with its secret (shown only here and on rotation)");
  public static final Operation<Paged, Page<WebhookEndpoint>> LIST_WEBHOOK_ENDPOINTS = op("webhooks.endpoints.list", "GET", "/v1/webhook_endpoints", PAGE, false, Caller.AGENT,
      Paged.class, Paged::from, Codecs.WEBHOOK_ENDPOINT_PAGE, "the customer's live webhook endpoints (its admins)");
  /** Bound before {@link #GET_WEBHOOK_ENDPOINT}, whose {@code {id}} would otherwise take {@code active}. */
  public static final Operation<ActiveWebhooksOf, ActiveWebhooks> ACTIVE_WEBHOOKS = op("webhooks.endpoints.active", "GET", "/v1/webhook_endpoints/active", List.of(Param.uuid("customer_id")), false, Caller.SERVICE,
      ActiveWebhooksOf.class, ActiveWebhooksOf::from, Codecs.ACTIVE_WEBHOOKS, "services: where a customer's events go (enabled live endpoints with their secrets, the customer's own webhook)");
  public static final Operation<ById, WebhookEndpoint> GET_WEBHOOK_ENDPOINT = op("webhooks.endpoints.get", "GET", "/v1/webhook_endpoints/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.WEBHOOK_ENDPOINT, "one live webhook endpoint of the customer (its admins)");
  public static final Operation<UpdateWebhookEndpoint, WebhookEndpoint> UPDATE_WEBHOOK_ENDPOINT = op("webhooks.endpoints.update", "PUT", "/v1/webhook_endpoints/{id}", List.of(), true, Caller.AGENT,
      UpdateWebhookEndpoint.class, UpdateWebhookEndpoint::from, Codecs.WEBHOOK_ENDPOINT, "an admin changes an endpoint's url, event types, description or enabled");
  public static final Operation<ById, WebhookEndpoint> DELETE_WEBHOOK_ENDPOINT = op("webhooks.endpoints.delete", "DELETE", "/v1/webhook_endpoints/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.WEBHOOK_ENDPOINT, "an admin soft-deletes an endpoint (no more deliveries)");
  public static final Operation<ById, WebhookEndpoint> ROTATE_WEBHOOK_SECRET = op("webhooks.endpoints.secret", "POST", "/v1/webhook_endpoints/{id}/secret", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.WEBHOOK_ENDPOINT_WITH_SECRET, "an admin replaces an endpoint's signing secret; the endpoint with the new secret, shown once");
  public static final Operation<RecordDeliveries, DeliveriesRecorded> RECORD_WEBHOOK_DELIVERIES = op("webhooks.deliveries.record", "POST", "/v1/webhook_deliveries", List.of(), true, Caller.SERVICE,
      RecordDeliveries.class, RecordDeliveries::from, Codecs.DELIVERIES_RECORDED, "services: webhook-service's delivery attempts (at most 500), stored for the endpoints' delivery logs");
  public static final Operation<ByIdPaged, Page<WebhookDelivery>> LIST_WEBHOOK_DELIVERIES = op("webhooks.deliveries.list", "GET", "/v1/webhook_endpoints/{id}/deliveries", PAGE, false, Caller.AGENT,
      ByIdPaged.class, ByIdPaged::from, Codecs.WEBHOOK_DELIVERY_PAGE, "an endpoint's delivery log, newest first (its customer's admins)");
  public static final Operation<ParkEvent, WebhookParked> PARK_WEBHOOK_EVENT = op("webhooks.parked.add", "POST", "/v1/webhook_parked", List.of(), true, Caller.SERVICE,
      ParkEvent.class, ParkEvent::from, Codecs.WEBHOOK_PARKED, "services: webhook-service parks an event it gave up on (once per endpoint and event); the parked entry");
  public static final Operation<ByIdPaged, Page<WebhookParked>> LIST_WEBHOOK_PARKED = op("webhooks.parked.list", "GET", "/v1/webhook_endpoints/{id}/parked", PAGE, false, Caller.AGENT,
      ByIdPaged.class, ByIdPaged::from, Codecs.WEBHOOK_PARKED_PAGE, "an endpoint's parked events, newest first (its customer's admins)");
  public static final Operation<ParkedRef, WebhookParked> REPLAY_WEBHOOK_PARKED = op("webhooks.parked.replay", "POST", "/v1/webhook_endpoints/{id}/parked/{parked_id}/replay", List.of(), false, Caller.AGENT,
      ParkedRef.class, ParkedRef::from, Codecs.WEBHOOK_PARKED, "an admin asks webhook-service to deliver a parked event again (webhook_replay_requested); the entry");

  // The talks API (seed 003, docs/talks-api.md): the same chats, participants and messages in that document's shapes.
  public static final Operation<CreateTalk, JsonObject> TALKS_CREATE = op("talks.create", "POST", "/v1/talks", List.of(), true, Caller.AGENT,
      CreateTalk.class, CreateTalk::from, Codecs.json("Talk"), "talks API: creates a talk with the caller and participant_ids");
  public static final Operation<Paged, Page<JsonObject>> TALKS_LIST = op("talks.list", "GET", "/v1/talks", PAGE, false, Caller.AGENT,
      Paged.class, Paged::from, Codecs.jsonPage("Talk"), "talks API: the caller's talks");
  public static final Operation<ById, JsonObject> TALKS_GET = op("talks.get", "GET", "/v1/talks/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.json("Talk"), "talks API: one talk");
  public static final Operation<UpdateTalk, JsonObject> TALKS_UPDATE = op("talks.update", "PUT", "/v1/talks/{id}", List.of(), true, Caller.AGENT,
      UpdateTalk.class, UpdateTalk::from, Codecs.json("Talk"), "talks API: renames, closes or reopens a talk");
  public static final Operation<ById, JsonObject> TALKS_DELETE = op("talks.delete", "DELETE", "/v1/talks/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.json("Talk"), "talks API: soft-deletes a talk");
  public static final Operation<AddTalkParticipant, JsonObject> TALKS_ADD_PARTICIPANT = op("talks.participants.add", "POST", "/v1/talks/{id}/participants", List.of(), true, Caller.AGENT,
      AddTalkParticipant.class, AddTalkParticipant::from, Codecs.json("TalkParticipant"), "talks API: adds an agent to a talk");
  public static final Operation<ById, JsonArray> TALKS_LIST_PARTICIPANTS = op("talks.participants.list", "GET", "/v1/talks/{id}/participants", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.jsonArray("TalkParticipant"), "talks API: a talk's active participants");
  public static final Operation<RemoveParticipant, JsonObject> TALKS_REMOVE_PARTICIPANT = op("talks.participants.remove", "DELETE", "/v1/talks/{id}/participants/{participant_id}", List.of(), false, Caller.AGENT,
      RemoveParticipant.class, RemoveParticipant::from, Codecs.json("TalkParticipant"), "talks API: removes a participant (or leaves); the participant, left");
  public static final Operation<SendTalkMessage, JsonObject> TALKS_SEND_MESSAGE = op("talks.messages.send", "POST", "/v1/talks/{id}/messages", List.of(), true, Caller.AGENT,
      SendTalkMessage.class, SendTalkMessage::from, Codecs.json("TalkMessage"), "talks API: sends a message to a talk");
  public static final Operation<ByIdPaged, Page<JsonObject>> TALKS_LIST_MESSAGES = op("talks.messages.list", "GET", "/v1/talks/{id}/messages", PAGE, false, Caller.AGENT,
      ByIdPaged.class, ByIdPaged::from, Codecs.jsonPage("TalkMessage"), "talks API: a talk's messages, newest first");
  public static final Operation<TalkMessageRef, JsonObject> TALKS_GET_MESSAGE = op("talks.messages.get", "GET", "/v1/talks/{id}/messages/{message_id}", List.of(), false, Caller.AGENT,
      TalkMessageRef.class, TalkMessageRef::from, Codecs.json("TalkMessage"), "talks API: one message of a talk");
  public static final Operation<EditTalkMessage, JsonObject> TALKS_EDIT_MESSAGE = op("talks.messages.edit", "PUT", "/v1/talks/{id}/messages/{message_id}", List.of(), true, Caller.AGENT,
      EditTalkMessage.class, EditTalkMessage::from, Codecs.json("TalkMessage"), "talks API: the author edits a message");
  public static final Operation<TalkMessageRef, JsonObject> TALKS_DELETE_MESSAGE = op("talks.messages.delete", "DELETE", "/v1/talks/{id}/messages/{message_id}", List.of(), false, Caller.AGENT,
      TalkMessageRef.class, TalkMessageRef::from, Codecs.json("TalkMessage"), "talks API: the author deletes a message");
  public static final Operation<React, JsonObject> TALKS_ADD_REACTION = op("talks.reactions.add", "POST", "/v1/talks/messages/{id}/reactions", List.of(), true, Caller.AGENT,
      React.class, React::from, Codecs.json("TalkMessage"), "talks API: adds the caller's reaction");
  public static final Operation<Unreact, JsonObject> TALKS_REMOVE_REACTION = op("talks.reactions.remove", "DELETE", "/v1/talks/messages/{id}/reactions", List.of(Param.string("emoji")), true, Caller.AGENT,
      Unreact.class, Unreact::from, Codecs.json("TalkMessage"), "talks API: removes the caller's reaction");
  public static final Operation<UpdateAgent, Agent> UPDATE_AGENT = op("agents.update", "PUT", "/v1/agents/{id}", List.of(), true, Caller.AGENT,
      UpdateAgent.class, UpdateAgent::from, Codecs.AGENT, "an admin changes an agent's name, detail, ring_method");
  public static final Operation<ById, Agent> DELETE_AGENT = op("agents.delete", "DELETE", "/v1/agents/{id}", List.of(), false, Caller.AGENT,
      ById.class, ById::from, Codecs.AGENT, "an admin soft-deletes an agent (its tokens stop working)");
  public static final Operation<SetPassword, Agent> SET_AGENT_PASSWORD = op("agents.password", "PUT", "/v1/agents/{id}/password", List.of(), true, Caller.AGENT,
      SetPassword.class, SetPassword::from, Codecs.AGENT, "an admin sets an agent's password (its sessions end)");
  public static final Operation<SetPermission, Agent> SET_AGENT_PERMISSION = op("agents.permission", "PUT", "/v1/agents/{id}/permission", List.of(), true, Caller.AGENT,
      SetPermission.class, SetPermission::from, Codecs.AGENT, "an admin sets an agent's permission");
  public static final Operation<SetStatus, Agent> SET_AGENT_STATUS = op("agents.status", "PUT", "/v1/agents/{id}/status", List.of(), true, Caller.AGENT,
      SetStatus.class, SetStatus::from, Codecs.AGENT, "an admin sets an agent's status");
  public static final Operation<UpdateMe, Agent> UPDATE_ME = op("agents.me.update", "PUT", "/v1/me", List.of(), true, Caller.AGENT,
      UpdateMe.class, UpdateMe::from, Codecs.AGENT, "the calling agent changes its name, detail, ring_method");
  public static final Operation<SetMyPassword, Agent> SET_MY_PASSWORD = op("agents.me.password", "PUT", "/v1/me/password", List.of(), true, Caller.AGENT,
      SetMyPassword.class, SetMyPassword::from, Codecs.AGENT, "the calling agent sets its password (its other sessions end)");
  public static final Operation<SetMyStatus, Agent> SET_MY_STATUS = op("agents.me.status", "PUT", "/v1/me/status", List.of(), true, Caller.AGENT,
      SetMyStatus.class, SetMyStatus::from, Codecs.AGENT, "the calling agent sets its status");
  public static final Operation<ById, AccessState> AGENT_ACCESS = op("agents.access", "GET", "/v1/agents/{id}/access", List.of(), false, Caller.SERVICE,
      ById.class, ById::from, Codecs.ACCESS_STATE, "services: an agent's access state (deleted, permission, sessions cut-off)");
  public static final Operation<io.talkmesh.common.request.presence.ReportSessions,
      io.talkmesh.common.request.presence.SessionsReply> REPORT_SESSIONS = op("presence.report", "POST",
      "/v1/presence/instances/{id}", List.of(), true, Caller.SERVICE, io.talkmesh.common.request.presence.ReportSessions.class,
      io.talkmesh.common.request.presence.ReportSessions::from, Codecs.SESSIONS_REPLY,
      "services: a push instance's heartbeat and the agents it holds live sessions of (presence)");

  /** Every operation, in the order above. */
  public static final List<Operation<?, ?>> ALL = List.of(
      LOGIN,
      CREATE_AGENT,
      LIST_AGENTS,
      GET_AGENT,
      GET_ME,
      CREATE_CHAT,
      LIST_CHATS,
      GET_CHAT,
      UPDATE_CHAT,
      DELETE_CHAT,
      MARK_READ,
      LIST_CHANNELS,
      JOIN_CHAT,
      ADD_PARTICIPANT,
      LIST_PARTICIPANTS,
      REMOVE_PARTICIPANT,
      MY_PARTICIPATIONS,
      CHAT_EVENTS,
      SEND_MESSAGE,
      LIST_MESSAGES,
      GET_MESSAGE,
      EDIT_MESSAGE,
      DELETE_MESSAGE,
      MESSAGE_THREAD,
      ADD_REACTION,
      REMOVE_REACTION,
      SEARCH_MESSAGES,
      LIST_PINS,
      PIN_MESSAGE,
      UNPIN_MESSAGE,
      MESSAGES_AROUND,
      LEGACY_CREATE_CHAT,
      LEGACY_LIST_CHATS,
      LEGACY_GET_CHAT,
      LEGACY_UPDATE_CHAT,
      LEGACY_DELETE_CHAT,
      LEGACY_LIST_CHATROOMS,
      LEGACY_GET_CHATROOM,
      LEGACY_SEND_CHATMESSAGE,
      LEGACY_LIST_CHATMESSAGES,
      LEGACY_GET_CHATMESSAGE,
      LEGACY_LIST_CHATROOMMESSAGES,
      LEGACY_GET_CHATROOMMESSAGE,
      LEGACY_ADD_CHAT_PARTICIPANT,
      LEGACY_REMOVE_CHAT_PARTICIPANT,
      LEGACY_CHANGE_ROOM_OWNER,
      LEGACY_DELETE_CHATMESSAGE,
      LEGACY_CREATE_CHATROOM,
      LEGACY_UPDATE_CHATROOM,
      LEGACY_DELETE_CHATROOM,
      LEGACY_SEND_CHATROOMMESSAGE,
      LEGACY_DELETE_CHATROOMMESSAGE,
      TALKS_CREATE,
      TALKS_LIST,
      TALKS_GET,
      TALKS_UPDATE,
      TALKS_DELETE,
      TALKS_ADD_PARTICIPANT,
      TALKS_LIST_PARTICIPANTS,
      TALKS_REMOVE_PARTICIPANT,
      TALKS_SEND_MESSAGE,
      TALKS_LIST_MESSAGES,
      TALKS_GET_MESSAGE,
      TALKS_EDIT_MESSAGE,
      TALKS_DELETE_MESSAGE,
      TALKS_ADD_REACTION,
      TALKS_REMOVE_REACTION,
      UPDATE_AGENT,
      DELETE_AGENT,
      SET_AGENT_PASSWORD,
      SET_AGENT_PERMISSION,
      SET_AGENT_STATUS,
      UPDATE_ME,
      SET_MY_PASSWORD,
      SET_MY_STATUS,
      AGENT_ACCESS,
      REPORT_SESSIONS,
      LIST_CUSTOMERS,
      CREATE_CUSTOMER,
      GET_CUSTOMER,
      UPDATE_CUSTOMER,
      DELETE_CUSTOMER,
      GET_MY_CUSTOMER,
      UPDATE_MY_CUSTOMER,
      CREATE_WEBHOOK_ENDPOINT,
      LIST_WEBHOOK_ENDPOINTS,
      ACTIVE_WEBHOOKS,
      GET_WEBHOOK_ENDPOINT,
      UPDATE_WEBHOOK_ENDPOINT,
      DELETE_WEBHOOK_ENDPOINT,
      ROTATE_WEBHOOK_SECRET,
      RECORD_WEBHOOK_DELIVERIES,
      LIST_WEBHOOK_DELIVERIES,
      PARK_WEBHOOK_EVENT,
      LIST_WEBHOOK_PARKED,
      REPLAY_WEBHOOK_PARKED);

  private Operations() {
  }

  private static List<Param> withPage(Param first) {
    List<Param> params = new ArrayList<>();
    params.add(first);
    params.addAll(PAGE);
    return List.copyOf(params);
  }

  private static <Q, R> Operation<Q, R> op(String name, String method, String path, List<Param> query, boolean body,
                                           Caller caller, Class<Q> requestType, Function<OperationInput, Q> decode,
                                           Codec<R> response, String summary) {
    return new Operation<>(name, method, path, query, body, caller, requestType, decode, response, summary);
  }
}
