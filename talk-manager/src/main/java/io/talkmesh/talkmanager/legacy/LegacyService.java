package io.talkmesh.talkmanager.legacy;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.request.chat.UpdateChat;
import io.talkmesh.common.request.legacy.AddChatParticipant;
import io.talkmesh.common.request.legacy.ChangeRoomOwner;
import io.talkmesh.common.request.legacy.CreateChatroom;
import io.talkmesh.common.request.legacy.CreateLegacyChat;
import io.talkmesh.common.request.legacy.ListChatroomMessages;
import io.talkmesh.common.request.legacy.ListChatrooms;
import io.talkmesh.common.request.legacy.SendChatmessage;
import io.talkmesh.common.request.legacy.SendChatroommessage;
import io.talkmesh.common.request.message.ListMessages;
import io.talkmesh.common.request.participant.RemoveParticipant;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.talkmanager.chat.ChatService;
import io.talkmesh.talkmanager.chat.Chats;
import io.talkmesh.talkmanager.idempotency.Idempotency;
import io.talkmesh.talkmanager.message.MessageService;
import io.talkmesh.talkmanager.outbox.Outbox;
import io.talkmesh.talkmanager.participant.ParticipantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The older Chat API (chats, chatrooms, chatmessages, chatroommessages) served from the Talk data: every write
 * goes through the Talk services, so the same rules apply and the same events are pushed; reads are views of the
 * same rows (docs/chat-api.md has the mapping).
 */
public final class LegacyService {
  private final Pool pool;
  private final ChatService chats;
  private final ParticipantService participants;
  private final MessageService messages;

  public LegacyService(Pool pool, ChatService chats, ParticipantService participants, MessageService messages) {
    this.pool = pool;
    this.chats = chats;
    this.participants = participants;
    this.messages = messages;
  }

  /** A chat of the older API as a Talk chat; its owner is the caller. */
  public Future<JsonObject> createChat(Actor actor, CreateLegacyChat request, Trace trace) {
    if (request.ownerId() != null && !request.ownerId().equals(actor.ownerId())) {
      return Future.failedFuture(TalkException.denied("OWNER_IS_CALLER", "owner_id must be the calling agent"));
    }
    return chats.create(actor, request.toTalk(), trace).compose(this::chatView);
  }

  public Future<Page<JsonObject>> listChats(Actor actor, PageRequest page) {
    return LegacyStore.chats(pool, actor, page)
        .compose(list -> chatViews(list).map(views -> pageOf(page, list, views)));
  }

  public Future<JsonObject> getChat(Actor actor, UUID id) {
    return chats.get(actor, id).map(LegacyService::olderType).compose(this::chatView);
  }

  public Future<JsonObject> updateChat(Actor actor, UpdateChat request, Trace trace) {
    return chats.get(actor, request.id()).map(LegacyService::olderType)
        .compose(chat -> chats.update(actor, request, trace)).compose(this::chatView);
  }

  public Future<JsonObject> deleteChat(Actor actor, UUID id, Trace trace) {
    return chats.get(actor, id).map(LegacyService::olderType)
        .compose(chat -> chats.delete(actor, id, trace)).compose(this::chatView);
  }

  /** The rooms of an agent (the caller by default; managers may list any agent of their customer). */
  public Future<Page<JsonObject>> listRooms(Actor actor, ListChatrooms request) {
    UUID owner = request.ownerId();
    PageRequest page = request.page();
    Future<Void> allowed = owner == null || owner.equals(actor.ownerId()) ? Future.succeededFuture()
        : io.talkmesh.talkmanager.agent.AgentService.requireAgents(pool, actor.customerId(), List.of(owner))
            .compose(v -> actor.isManager() ? Future.<Void>succeededFuture() : Future.failedFuture(
                TalkException.denied("NOT_YOUR_CHATROOMS", "only managers may list other agents' chatrooms")));
    return allowed.compose(ok -> LegacyStore.rooms(pool, actor.customerId(), owner == null ? actor.ownerId() : owner, page))
        .compose(rooms -> roomViews(rooms).map(views -> page.page(views, v -> Timestamps.parse(v.getString("tm_create")),
            v -> UUID.fromString(v.getString("id")))));
  }

  public Future<JsonObject> getRoom(Actor actor, UUID id) {
    return room(actor, id).compose(r -> roomViews(List.of(r))).map(views -> views.get(0));
  }

  /** A new group chat of the caller and these agents, answered as the caller's room in it. */
  public Future<JsonObject> createRoom(Actor actor, CreateChatroom request, Trace trace) {
    return chats.create(actor, request.toTalk(), trace).compose(chat -> participants.list(actor, chat.id()))
        .compose(members -> getRoom(actor, members.stream().filter(p -> p.ownerId().equals(actor.ownerId()))
            .findFirst().orElseThrow().id()));
  }

  /** A room's name and detail are its chat's: renaming a room renames the chat, with the Talk rules. */
  public Future<JsonObject> updateRoom(Actor actor, UpdateChat request, Trace trace) {
    return room(actor, request.id())
        .compose(r -> chats.update(actor, new UpdateChat(r.chat().id(), request.name(), request.detail()), trace))
        .compose(chat -> getRoom(actor, request.id()));
  }

  /** Deleting a room is leaving its chat (or, for a manager in the chat, removing its agent), as the Talk rules say. */
  public Future<JsonObject> deleteRoom(Actor actor, UUID id, Trace trace) {
    return room(actor, id).compose(r -> participants.remove(actor, new RemoveParticipant(r.chat().id(), id), trace)
        .compose(removed -> roomViews(List.of(r)))
        .map(views -> views.get(0).put("tm_delete", Timestamps.format(Timestamps.now()))));
  }

  /** Adds an agent (the older API's participant id is an agent id) with the Talk rules; the chat as it is now. */
  public Future<JsonObject> addParticipant(Actor actor, AddChatParticipant request, Trace trace) {
    UUID chatId = request.chatId();
    return chats.get(actor, chatId).map(LegacyService::olderType)
        .compose(chat -> participants.add(actor, request.toTalk(), trace))
        .compose(added -> getChat(actor, chatId));
  }

  /** Removes an agent by its agent id with the Talk rules; the chat as it is now (as it was, to one who left). */
  public Future<JsonObject> removeParticipant(Actor actor, RemoveParticipant request, Trace trace) {
    UUID chatId = request.chatId();
    UUID agentId = request.participantId();
    return chats.get(actor, chatId).map(LegacyService::olderType)
        .compose(chat -> participants.list(actor, chatId).compose(members -> {
          UUID participantId = members.stream().filter(p -> p.ownerId().equals(agentId)).findFirst()
              .orElseThrow(() -> agentNotInChat(agentId, chatId))
              .id();
          return participants.remove(actor, new RemoveParticipant(chatId, participantId), trace);
        }).compose(removed -> chats.get(actor, chatId).otherwise(chat)))
        .compose(this::chatView);
  }

  /**
   * Hands the chat to another of its agents: the caller must be in it and be its owner or a manager; emits
   * {@code chat_updated} as every change of a chat does.
   */
  public Future<JsonObject> changeOwner(Actor actor, ChangeRoomOwner request, Trace trace) {
    UUID chatId = request.chatId();
    UUID newOwner = request.roomOwnerId();
    return Idempotency.once(pool, trace, tx -> Chats.lockedWritable(tx, actor, chatId).map(LegacyService::olderType)
        .compose(chat -> Future.all(LegacyStore.owners(tx, List.of(chatId)), LegacyStore.members(tx, List.of(chatId))))
        .compose(both -> {
          Map<UUID, UUID> owners = both.resultAt(0);
          Map<UUID, List<UUID>> members = both.resultAt(1);
          if (!actor.ownerId().equals(owners.get(chatId)) && !actor.isManager()) {
            return Future.failedFuture(TalkException.denied("NOT_ROOM_OWNER", "only the chat's owner or a manager may hand it over"));
          }
          if (!members.getOrDefault(chatId, List.of()).contains(newOwner)) {
            return Future.failedFuture(agentNotInChat(newOwner, chatId));
          }
          return LegacyStore.changeOwner(tx, chatId, newOwner, Timestamps.now())
              .compose(chat -> Outbox.append(tx, chat.customerId(), chat.id(), EventType.CHAT_UPDATED, chat.toJson(), trace)
                  .map(chat));
        }), Chat::toJson, Chat::fromJson).compose(this::chatView);
  }

  /** A chatmessage as a Talk message; its source, when given, must be the caller. */
  public Future<JsonObject> sendMessage(Actor actor, SendChatmessage request, Trace trace) {
    SendChatmessage.Source source = request.source();
    if (source != null && (!source.type().equals(actor.ownerType())
        || (source.target() != null && !Ids.parse("source.target", source.target()).equals(actor.ownerId())))) {
      return Future.failedFuture(TalkException.denied("SOURCE_IS_CALLER", "source must be the calling agent"));
    }
    return messages.send(actor, request.toTalk(), trace).map(LegacyJson::chatmessage);
  }

  public Future<Page<JsonObject>> listMessages(Actor actor, ListMessages request) {
    return messages.list(actor, request).map(p -> new Page<>(p.result().stream().map(LegacyJson::chatmessage).toList(),
        p.nextPageToken()));
  }

  public Future<JsonObject> getMessage(Actor actor, UUID id) {
    return messages.get(actor, id).map(LegacyJson::chatmessage);
  }

  public Future<JsonObject> deleteMessage(Actor actor, UUID id, Trace trace) {
    return messages.delete(actor, id, trace).map(LegacyJson::chatmessage);
  }

  /** A message sent through the caller's own room (a manager may read others' rooms, not speak through them). */
  public Future<JsonObject> sendRoomMessage(Actor actor, SendChatroommessage request, Trace trace) {
    return room(actor, request.chatroomId())
        .map(r -> {
          if (!r.participant().ownerId().equals(actor.ownerId())) {
            throw roomNotFound(request.chatroomId());
          }
          return r;
        })
        .compose(r -> messages.send(actor, request.toTalk(r.chat().id()), trace)
            .map(m -> LegacyJson.chatroommessage(m, r.participant())));
  }

  public Future<Page<JsonObject>> listRoomMessages(Actor actor, ListChatroomMessages request) {
    UUID roomId = request.chatroomId();
    return room(actor, roomId).compose(r -> messages.list(actor, new ListMessages(r.chat().id(), request.page()))
        .map(p -> new Page<>(p.result().stream().map(m -> LegacyJson.chatroommessage(m, r.participant())).toList(),
            p.nextPageToken())));
  }

  public Future<JsonObject> getRoomMessage(Actor actor, UUID id) {
    return roomMessage(actor, id).compose(found -> messages.get(actor, found.messageId())
        .map(m -> LegacyJson.chatroommessage(m, found.room())));
  }

  /** Deletes the message behind one of the caller's chatroommessages, with the Talk rules (its author only). */
  public Future<JsonObject> deleteRoomMessage(Actor actor, UUID id, Trace trace) {
    return roomMessage(actor, id).compose(found -> messages.delete(actor, found.messageId(), trace)
        .map(m -> LegacyJson.chatroommessage(m, found.room())));
  }

  /** A chatroommessage id resolved: the caller's room and the message it shows. */
  private record RoomMessage(Participant room, UUID messageId) {
  }

  /** Maps the id back through each of the caller's rooms: message id = chatroommessage id XOR room id. */
  private Future<RoomMessage> roomMessage(Actor actor, UUID id) {
    return participants.mine(actor).compose(rooms -> {
      List<UUID> candidates = rooms.stream().map(r -> LegacyJson.roomMessageId(r.id(), id)).toList();
      if (candidates.isEmpty()) {
        return Future.failedFuture(notFound(id));
      }
      return LegacyStore.messageChats(pool, candidates).compose(found -> {
        for (var room : rooms) {
          UUID messageId = LegacyJson.roomMessageId(room.id(), id);
          if (room.chatId().equals(found.get(messageId))) {
            return Future.succeededFuture(new RoomMessage(room, messageId));
          }
        }
        return Future.failedFuture(notFound(id));
      });
    });
  }

  private static TalkException notFound(UUID id) {
    return TalkException.notFound("CHATROOMMESSAGE_NOT_FOUND", "chatroommessage %s not found", id);
  }

  /** A room the caller may see: its own, or any of its customer's for managers. */
  private Future<LegacyStore.Room> room(Actor actor, UUID roomId) {
    return LegacyStore.room(pool, actor.customerId(), roomId).map(found -> found
        .filter(r -> r.participant().ownerId().equals(actor.ownerId()) || actor.isManager())
        .orElseThrow(() -> roomNotFound(roomId)));
  }

  /** An agent id the older API names as a participant that is not one: an agent of another customer looks the same. */
  private static TalkException agentNotInChat(UUID agentId, UUID chatId) {
    return TalkException.notFound("PARTICIPANT_NOT_FOUND", "agent %s is not in chat %s", agentId, chatId);
  }

  private static TalkException roomNotFound(UUID roomId) {
    return TalkException.notFound("CHATROOM_NOT_FOUND", "chatroom %s not found", roomId);
  }

  /** Rooms as the older API shows them: each with its chat's agents and owner. */
  private Future<List<JsonObject>> roomViews(List<LegacyStore.Room> rooms) {
    List<UUID> ids = rooms.stream().map(r -> r.chat().id()).toList();
    return Future.all(LegacyStore.members(pool, ids), LegacyStore.owners(pool, ids)).map(both -> {
      Map<UUID, List<UUID>> members = both.resultAt(0);
      Map<UUID, UUID> owners = both.resultAt(1);
      return rooms.stream().map(r -> LegacyJson.chatroom(r.participant(), r.chat(), owners.get(r.chat().id()),
          members.getOrDefault(r.chat().id(), List.of()))).toList();
    });
  }

  /** The older API knows only normal and group chats: a public talk chat is not one of its chats. */
  private static Chat olderType(Chat chat) {
    if (chat.type() == ChatType.TALK) {
      throw TalkException.notFound("CHAT_NOT_FOUND", "chat %s is a public talk channel, not a chat of this API", chat.id());
    }
    return chat;
  }

  private Future<JsonObject> chatView(Chat chat) {
    return chatViews(List.of(chat)).map(views -> views.get(0));
  }

  private Future<List<JsonObject>> chatViews(List<Chat> list) {
    List<UUID> ids = list.stream().map(Chat::id).toList();
    return Future.all(LegacyStore.members(pool, ids), LegacyStore.owners(pool, ids)).map(both -> {
      Map<UUID, List<UUID>> members = both.resultAt(0);
      Map<UUID, UUID> owners = both.resultAt(1);
      List<JsonObject> views = new ArrayList<>();
      list.forEach(c -> views.add(LegacyJson.chat(c, owners.get(c.id()), members.getOrDefault(c.id(), List.of()))));
      return views;
    });
  }

  private static Page<JsonObject> pageOf(PageRequest page, List<Chat> list, List<JsonObject> views) {
    Page<Chat> chatsPage = page.page(list, Chat::tmCreate, Chat::id);
    return new Page<>(views, chatsPage.nextPageToken());
  }
}
