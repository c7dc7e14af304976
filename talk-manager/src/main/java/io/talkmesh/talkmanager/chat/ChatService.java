package io.talkmesh.talkmanager.chat;

import io.talkmesh.common.rpc.Trace;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.request.chat.CreateChat;
import io.talkmesh.common.request.chat.UpdateChat;
import io.talkmesh.talkmanager.agent.AgentService;
import io.talkmesh.talkmanager.idempotency.Idempotency;
import io.talkmesh.talkmanager.outbox.Outbox;
import io.talkmesh.talkmanager.participant.ParticipantService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** Creating, reading and listing chats. */
public final class ChatService {
  public static final int MAX_NAME = 255;
  public static final int MAX_DETAIL = 4096;

  private final Pool pool;

  public ChatService(Pool pool) {
    this.pool = pool;
  }

  /**
   * Creates a chat with its creator and the listed agents as participants, in one transaction that also writes
   * {@code chatparticipant_added} for each and then {@code chat_created}. A direct chat has exactly one other
   * agent, given at creation (a pair that already has a live direct chat gets that chat back, nothing written) or
   * added once afterwards (the seed tutorial creates a {@code normal} chat first and adds its participant later).
   */
  public Future<Chat> create(Actor actor, CreateChat request, Trace trace) {
    ChatType type = request.type();
    String name = Fields.limited("name", request.name(), MAX_NAME);
    String detail = Fields.limited("detail", request.detail(), MAX_DETAIL);
    Set<UUID> others = new LinkedHashSet<>(request.participants());
    others.remove(actor.ownerId());
    if (type == ChatType.DIRECT && others.size() > 1) {
      return Future.failedFuture(TalkException.invalid("DIRECT_CHAT_PARTICIPANTS",
          "a direct chat has exactly one other participant, got %d", others.size()));
    }
    return Idempotency.once(pool, trace, tx -> AgentService.requireAgents(tx, actor.customerId(), others)
        .compose(v -> type == ChatType.DIRECT && others.size() == 1
            ? existingDirect(tx, actor, others.iterator().next())
                .compose(existing -> existing != null ? Future.succeededFuture(existing)
                    : insert(tx, actor, type, name, detail, others, trace))
            : insert(tx, actor, type, name, detail, others, trace)), Chat::toJson, Chat::fromJson);
  }

  /** Changes {@code name} and/or {@code detail}; participants only; emits {@code chat_updated}. */
  public Future<Chat> update(Actor actor, UpdateChat request, Trace trace) {
    UUID chatId = request.id();
    String name = Fields.limited("name", request.name(), MAX_NAME);
    String detail = Fields.limited("detail", request.detail(), MAX_DETAIL);
    if (name == null && detail == null) {
      return Future.failedFuture(TalkException.invalid("NOTHING_TO_UPDATE", "give name and/or detail"));
    }
    return Idempotency.once(pool, trace, tx -> Chats.lockedWritable(tx, actor, chatId)
        .compose(chat -> ChatStore.update(tx, chat.id(), name, detail, Timestamps.now()))
        .compose(chat -> Outbox.append(tx, chat.customerId(), chat.id(), EventType.CHAT_UPDATED, chat.toJson(), trace)
            .map(chat)), Chat::toJson, Chat::fromJson);
  }

  /**
   * Soft-deletes the chat (any participant may); the response and {@code chat_deleted} carry the set
   * {@code tm_delete}. A deleted chat stays readable and refuses every write with 409.
   */
  public Future<Chat> delete(Actor actor, UUID chatId, Trace trace) {
    return Idempotency.once(pool, trace, tx -> Chats.lockedWritable(tx, actor, chatId)
        .compose(chat -> ChatStore.delete(tx, chat.id(), Timestamps.now()))
        .map(found -> found.orElseThrow())
        .compose(chat -> Outbox.append(tx, chat.customerId(), chat.id(), EventType.CHAT_DELETED, chat.toJson(), trace)
            .map(chat)), Chat::toJson, Chat::fromJson);
  }

  /** The customer's live public {@code talk} chats, newest first: readable by every agent of the customer. */
  public Future<Page<Chat>> channels(Actor actor, PageRequest page) {
    return ChatStore.channels(pool, actor.customerId(), actor, page).map(chats -> page.page(chats, Chat::tmCreate, Chat::id));
  }

  public Future<Chat> get(Actor actor, UUID chatId) {
    return Chats.readable(pool, actor, chatId);
  }

  /** {@link #get}, with the actor's read state when it participates (the Talk API's chat read). */
  public Future<Chat> getAsRead(Actor actor, UUID chatId) {
    return Chats.asRead(pool, actor, chatId);
  }

  /** The live chats the actor participates in, newest first. */
  public Future<Page<Chat>> mine(Actor actor, PageRequest page) {
    return ChatStore.mine(pool, actor.ownerType(), actor.ownerId(), page)
        .map(chats -> page.page(chats, Chat::tmCreate, Chat::id));
  }

  private Future<Chat> existingDirect(SqlConnection tx, Actor actor, UUID other) {
    return ChatStore.lockDirectPair(tx, actor.ownerId(), other)
        .compose(v -> ChatStore.directBetween(tx, actor.customerId(), actor.ownerType(), actor.ownerId(), Agent.OWNER_TYPE, other))
        .map(found -> found.orElse(null));
  }

  private Future<Chat> insert(SqlConnection tx, Actor actor, ChatType type, String name, String detail, Set<UUID> others,
                              Trace trace) {
    Instant now = Timestamps.now();
    return ChatStore.insert(tx, actor.customerId(), type, name, detail, now, actor.ownerType(), actor.ownerId())
        .compose(chat -> {
          Future<?> joined = ParticipantService.insert(tx, chat, actor.ownerType(), actor.ownerId(), now, trace);
          for (UUID other : others) {
            joined = joined.compose(v -> ParticipantService.insert(tx, chat, Agent.OWNER_TYPE, other, now, trace));
          }
          return joined.compose(v -> ChatStore.byId(tx, chat.id())).map(found -> found.orElseThrow());
        })
        .compose(chat -> Outbox.append(tx, chat.customerId(), chat.id(), EventType.CHAT_CREATED, chat.toJson(), trace)
            .map(chat));
  }
}
