package io.talkmesh.talkmanager.legacy;

import io.talkmesh.common.rpc.Trace;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.request.chat.UpdateChat;
import io.talkmesh.common.request.legacy.CreateLegacyChat;
import io.talkmesh.common.request.legacy.ListChatroomMessages;
import io.talkmesh.common.request.legacy.ListChatrooms;
import io.talkmesh.common.request.legacy.SendChatmessage;
import io.talkmesh.common.request.message.ListMessages;
import io.talkmesh.talkmanager.chat.ChatService;
import io.talkmesh.talkmanager.message.MessageService;
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
        .compose(rooms -> LegacyStore.members(pool, rooms.stream().map(r -> r.chat().id()).toList())
            .map(members -> {
              List<JsonObject> views = rooms.stream()
                  .map(r -> LegacyJson.chatroom(r.participant(), r.chat(), members.getOrDefault(r.chat().id(), List.of())))
                  .toList();
              return page.page(views, v -> io.talkmesh.common.json.Timestamps.parse(v.getString("tm_create")),
                  v -> UUID.fromString(v.getString("id")));
            }));
  }

  public Future<JsonObject> getRoom(Actor actor, UUID id) {
    return room(actor, id).compose(r -> LegacyStore.members(pool, List.of(r.chat().id()))
        .map(members -> LegacyJson.chatroom(r.participant(), r.chat(), members.getOrDefault(r.chat().id(), List.of()))));
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

  public Future<Page<JsonObject>> listRoomMessages(Actor actor, ListChatroomMessages request) {
    UUID roomId = request.chatroomId();
    return room(actor, roomId).compose(r -> messages.list(actor, new ListMessages(r.chat().id(), request.page()))
        .map(p -> new Page<>(p.result().stream().map(m -> LegacyJson.chatroommessage(m, roomId)).toList(), p.nextPageToken())));
  }

  /** Maps the id back through each of the caller's rooms: message id = chatroommessage id XOR room id. */
  public Future<JsonObject> getRoomMessage(Actor actor, UUID id) {
    return participants.mine(actor).compose(rooms -> {
      List<UUID> candidates = rooms.stream().map(r -> LegacyJson.roomMessageId(r.id(), id)).toList();
      if (candidates.isEmpty()) {
        return Future.failedFuture(notFound(id));
      }
      return LegacyStore.messageChats(pool, candidates).compose(found -> {
        for (var room : rooms) {
          UUID messageId = LegacyJson.roomMessageId(room.id(), id);
          if (room.chatId().equals(found.get(messageId))) {
            return messages.get(actor, messageId).map(m -> LegacyJson.chatroommessage(m, room.id()));
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
        .orElseThrow(() -> TalkException.notFound("CHATROOM_NOT_FOUND", "chatroom %s not found", roomId)));
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
