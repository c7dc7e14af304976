package io.talkmesh.talkmanager.talks;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.request.ByIdPaged;
import io.talkmesh.common.request.message.ListMessages;
import io.talkmesh.common.request.message.React;
import io.talkmesh.common.request.message.Unreact;
import io.talkmesh.common.request.participant.RemoveParticipant;
import io.talkmesh.common.request.talks.AddTalkParticipant;
import io.talkmesh.common.request.talks.CreateTalk;
import io.talkmesh.common.request.talks.EditTalkMessage;
import io.talkmesh.common.request.talks.SendTalkMessage;
import io.talkmesh.common.request.talks.TalkMessageRef;
import io.talkmesh.common.request.talks.UpdateTalk;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.common.talks.TalksJson;
import io.talkmesh.talkmanager.chat.ChatService;
import io.talkmesh.talkmanager.chat.Chats;
import io.talkmesh.talkmanager.idempotency.Idempotency;
import io.talkmesh.talkmanager.message.MessageService;
import io.talkmesh.talkmanager.outbox.Outbox;
import io.talkmesh.talkmanager.participant.ParticipantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The talks API (seed 003) served from the Talk data: a talk is a direct ({@code normal}) or group chat, and every
 * write goes through the Talk services, so the same rules apply and the same events are pushed. Its own rule is the
 * talk's state ({@code active} / {@code closed}, docs/talks-api.md): closing and reopening live here, the refusals
 * of a closed talk in the shared write paths (sending, adding, reacting).
 */
public final class TalkService {
  private final Pool pool;
  private final ChatService chats;
  private final ParticipantService participants;
  private final MessageService messages;

  public TalkService(Pool pool, ChatService chats, ParticipantService participants, MessageService messages) {
    this.pool = pool;
    this.chats = chats;
    this.participants = participants;
    this.messages = messages;
  }

  public Future<JsonObject> create(Actor actor, CreateTalk request, Trace trace) {
    return chats.create(actor, request.toChat(), trace).compose(this::view);
  }

  public Future<Page<JsonObject>> list(Actor actor, PageRequest page) {
    return TalkStore.mine(pool, actor, page).compose(talks -> {
      List<UUID> ids = talks.stream().map(t -> t.chat().id()).toList();
      return TalkStore.members(pool, ids).map(members -> {
        Page<TalkStore.Talk> paged = page.page(talks, t -> t.chat().tmCreate(), t -> t.chat().id());
        return new Page<>(talks.stream().map(t -> TalksJson.talk(t.chat(), t.status(),
            members.getOrDefault(t.chat().id(), List.of()))).toList(), paged.nextPageToken());
      });
    });
  }

  public Future<JsonObject> get(Actor actor, UUID id) {
    return talk(actor, id).compose(this::view);
  }

  /**
   * Renames and/or closes or reopens, in one transaction with one {@code chat_updated} (its data carries
   * {@code status}); participants only. Asking for the state a talk is already in, and nothing else, changes
   * nothing and answers the talk.
   */
  public Future<JsonObject> update(Actor actor, UpdateTalk request, Trace trace) {
    UUID id = request.id();
    String name = Fields.limited("name", request.name(), ChatService.MAX_NAME);
    String detail = Fields.limited("detail", request.detail(), ChatService.MAX_DETAIL);
    String status = request.status();
    if (name == null && detail == null && status == null) {
      return Future.failedFuture(TalkException.invalid("NOTHING_TO_UPDATE", "give name, detail and/or status"));
    }
    return talk(actor, id).compose(found -> Idempotency.once(pool, trace, tx -> Chats.lockedWritable(tx, actor, id)
        .compose(chat -> TalkStore.statuses(tx, List.of(id)).compose(current -> {
          if (name == null && detail == null && Objects.equals(status, current.get(id))) {
            return Future.succeededFuture(chat.toJson().put(TalksJson.STATUS, status));
          }
          return TalkStore.update(tx, id, name, detail, status, Timestamps.now())
              .compose(t -> {
                JsonObject data = t.chat().toJson().put(TalksJson.STATUS, t.status());
                return Outbox.append(tx, t.chat().customerId(), id, EventType.CHAT_UPDATED, data, trace).map(data);
              });
        })), json -> json, json -> json))
        .map(Chat::fromJson).compose(this::view);
  }

  public Future<JsonObject> delete(Actor actor, UUID id, Trace trace) {
    return talk(actor, id).compose(chat -> chats.delete(actor, id, trace)).compose(this::view);
  }

  public Future<JsonObject> addParticipant(Actor actor, AddTalkParticipant request, Trace trace) {
    return talk(actor, request.talkId()).compose(chat -> participants.add(actor, request.toTalk(), trace))
        .map(p -> TalksJson.participant(p, TalksJson.ACTIVE));
  }

  /** The talk's current participants (all {@code active}: a participant that left is not kept, docs/talks-api.md). */
  public Future<JsonArray> participants(Actor actor, UUID id) {
    return talk(actor, id).compose(chat -> participants.list(actor, id)).map(list -> {
      JsonArray array = new JsonArray();
      list.forEach(p -> array.add(TalksJson.participant(p, TalksJson.ACTIVE)));
      return array;
    });
  }

  /**
   * Removes a participant named by its participant id, or (as seed 003's clients add by agent id) by its agent
   * id; the answer is the participant, {@code left}. The last participant leaving closes the talk.
   */
  public Future<JsonObject> removeParticipant(Actor actor, RemoveParticipant request, Trace trace) {
    UUID id = request.chatId();
    UUID named = request.participantId();
    return talk(actor, id).compose(chat -> participants.list(actor, id)).compose(members -> {
      UUID participantId = members.stream().filter(p -> p.id().equals(named)).findFirst()
          .or(() -> members.stream().filter(p -> p.isAgent() && p.ownerId().equals(named)).findFirst())
          .map(Participant::id).orElse(named);
      return participants.remove(actor, new RemoveParticipant(id, participantId), trace);
    }).map(p -> TalksJson.participant(p, TalksJson.LEFT));
  }

  public Future<JsonObject> send(Actor actor, SendTalkMessage request, Trace trace) {
    return talk(actor, request.talkId()).compose(chat -> messages.send(actor, request.toTalk(), trace))
        .map(TalksJson::message);
  }

  public Future<Page<JsonObject>> messages(Actor actor, ByIdPaged request) {
    return talk(actor, request.id()).compose(chat -> messages.list(actor, new ListMessages(chat.id(), request.page())))
        .map(page -> new Page<>(page.result().stream().map(TalksJson::message).toList(), page.nextPageToken()));
  }

  public Future<JsonObject> message(Actor actor, TalkMessageRef request) {
    return ofTalk(actor, request.talkId(), request.messageId()).map(TalksJson::message);
  }

  public Future<JsonObject> edit(Actor actor, EditTalkMessage request, Trace trace) {
    return ofTalk(actor, request.talkId(), request.messageId())
        .compose(m -> messages.edit(actor, request.toTalk(), trace)).map(TalksJson::message);
  }

  public Future<JsonObject> deleteMessage(Actor actor, TalkMessageRef request, Trace trace) {
    return ofTalk(actor, request.talkId(), request.messageId())
        .compose(m -> messages.delete(actor, m.id(), trace)).map(TalksJson::message);
  }

  public Future<JsonObject> react(Actor actor, React request, Trace trace) {
    return messages.react(actor, request, trace).map(TalksJson::message);
  }

  public Future<JsonObject> unreact(Actor actor, Unreact request, Trace trace) {
    return messages.unreact(actor, request, trace).map(TalksJson::message);
  }

  /** A message the actor may read, of this talk: a message of another chat is not found here. */
  private Future<Message> ofTalk(Actor actor, UUID talkId, UUID messageId) {
    return talk(actor, talkId).compose(chat -> messages.get(actor, messageId)).map(m -> {
      if (!m.chatId().equals(talkId)) {
        throw TalkException.notFound("MESSAGE_NOT_FOUND", "message %s is not in talk %s", messageId, talkId);
      }
      return m;
    });
  }

  /** The chat if the actor may read it and it is a talk: a public channel is not one (404, as in the older API). */
  private Future<Chat> talk(Actor actor, UUID id) {
    return chats.get(actor, id).map(chat -> {
      if (chat.type() == ChatType.TALK) {
        throw TalkException.notFound("TALK_NOT_FOUND", "%s is a public talk channel, not a talk of this API", id);
      }
      return chat;
    });
  }

  private Future<JsonObject> view(Chat chat) {
    List<UUID> ids = List.of(chat.id());
    return Future.all(TalkStore.statuses(pool, ids), TalkStore.members(pool, ids)).map(both -> {
      Map<UUID, String> statuses = both.resultAt(0);
      Map<UUID, List<UUID>> members = both.resultAt(1);
      return TalksJson.talk(chat, statuses.get(chat.id()), members.getOrDefault(chat.id(), List.of()));
    });
  }
}
