package io.talkmesh.talkmanager.chat;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.Page;
import io.talkmesh.talkmanager.agent.AgentService;
import io.talkmesh.talkmanager.outbox.Outbox;
import io.talkmesh.talkmanager.participant.ParticipantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** Creating, reading and listing chats. */
public final class ChatService {
  static final int MAX_NAME = 255;
  static final int MAX_DETAIL = 4096;
  static final int MAX_PARTICIPANTS = 1000;

  private final Pool pool;

  public ChatService(Pool pool) {
    this.pool = pool;
  }

  /**
   * Creates a chat with its creator and the listed agents as participants, in one transaction that also writes
   * {@code chatparticipant_added} for each and then {@code chat_created}. A direct chat needs exactly one other
   * agent, and a pair that already has a live direct chat gets that chat back (nothing written).
   */
  public Future<Chat> create(Actor actor, JsonObject body, String requestId) {
    ChatType type = ChatType.parse(Fields.optionalString(body, "type", null));
    String name = Fields.limited("name", Fields.optionalString(body, "name", ""), MAX_NAME);
    String detail = Fields.limited("detail", Fields.optionalString(body, "detail", ""), MAX_DETAIL);
    Set<UUID> others = others(actor, Fields.optionalArray(body, "participants"));
    if (type == ChatType.DIRECT && others.size() != 1) {
      return Future.failedFuture(TalkException.invalid("DIRECT_CHAT_PARTICIPANTS",
          "a direct chat needs exactly one other participant, got %d", others.size()));
    }
    return pool.withTransaction(tx -> AgentService.requireAgents(tx, actor.customerId(), others)
        .compose(v -> type == ChatType.DIRECT
            ? existingDirect(tx, actor, others.iterator().next())
                .compose(existing -> existing != null ? Future.succeededFuture(existing)
                    : insert(tx, actor, type, name, detail, others, requestId))
            : insert(tx, actor, type, name, detail, others, requestId)));
  }

  public Future<Chat> get(Actor actor, UUID chatId) {
    return Chats.readable(pool, actor, chatId);
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
                              String requestId) {
    Instant now = Timestamps.now();
    return ChatStore.insert(tx, actor.customerId(), type, name, detail, now)
        .compose(chat -> {
          Future<?> joined = ParticipantService.join(tx, chat, actor.ownerType(), actor.ownerId(), now, requestId);
          for (UUID other : others) {
            joined = joined.compose(v -> ParticipantService.join(tx, chat, Agent.OWNER_TYPE, other, now, requestId));
          }
          return joined.compose(v -> ChatStore.byId(tx, chat.id())).map(found -> found.orElseThrow());
        })
        .compose(chat -> Outbox.append(tx, chat.customerId(), chat.id(), EventType.CHAT_CREATED, chat.toJson(), requestId)
            .map(chat));
  }

  /** The distinct agents listed as participants, other than the creator. */
  private static Set<UUID> others(Actor actor, JsonArray participants) {
    if (participants.size() > MAX_PARTICIPANTS) {
      throw TalkException.invalid("TOO_MANY_PARTICIPANTS", "at most %d participants", MAX_PARTICIPANTS);
    }
    Set<UUID> ids = new LinkedHashSet<>();
    for (int i = 0; i < participants.size(); i++) {
      JsonObject p = Fields.object(participants.getValue(i), "participants[" + i + "]");
      String ownerType = Fields.optionalString(p, "owner_type", Agent.OWNER_TYPE);
      if (!ownerType.equals(Agent.OWNER_TYPE)) {
        throw TalkException.invalid("INVALID_OWNER_TYPE", "participants[%d].owner_type must be 'agent'", i);
      }
      UUID id = Ids.parse("participants[" + i + "].owner_id", Fields.optionalString(p, "owner_id", null));
      if (!id.equals(actor.ownerId())) {
        ids.add(id);
      }
    }
    return ids;
  }
}
