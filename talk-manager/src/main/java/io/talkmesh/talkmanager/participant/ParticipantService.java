package io.talkmesh.talkmanager.participant;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.Participant;
import io.talkmesh.talkmanager.agent.AgentService;
import io.talkmesh.talkmanager.chat.Chats;
import io.talkmesh.talkmanager.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Adding and listing participants. */
public final class ParticipantService {
  private final Pool pool;

  public ParticipantService(Pool pool) {
    this.pool = pool;
  }

  /**
   * Adds an agent to a chat. Participants may add any agent of the customer; anyone may add themselves to a
   * public {@code talk} chat. The same agent twice is ALREADY_EXISTS.
   */
  public Future<Participant> add(Actor actor, UUID chatId, JsonObject body, String requestId) {
    String ownerType = Fields.optionalString(body, "owner_type", Agent.OWNER_TYPE);
    if (!ownerType.equals(Agent.OWNER_TYPE)) {
      return Future.failedFuture(TalkException.invalid("INVALID_OWNER_TYPE", "owner_type must be 'agent'"));
    }
    UUID ownerId = Ids.parse("owner_id", Fields.optionalString(body, "owner_id", null));
    return pool.withTransaction(tx -> Chats.find(tx, actor, chatId)
        .map(Chats::requireLive)
        .compose(chat -> mayAdd(tx, actor, chat, ownerId).map(chat))
        .compose(chat -> AgentService.requireAgents(tx, chat.customerId(), List.of(ownerId)).map(chat))
        .compose(chat -> join(tx, chat, ownerType, ownerId, Timestamps.now(), requestId))
        .map(added -> added.orElseThrow(() -> TalkException.alreadyExists("ALREADY_PARTICIPANT",
            "agent %s is already a participant of chat %s", ownerId, chatId))));
  }

  /**
   * Inserts the participant, emits {@code chatparticipant_added} and recounts {@code member_count}, all in the
   * caller's transaction. Empty when the owner was already a member (nothing written).
   */
  public static Future<Optional<Participant>> join(SqlConnection tx, Chat chat, String ownerType, UUID ownerId,
                                                  Instant now, String requestId) {
    return Participants.insert(tx, chat, ownerType, ownerId, now)
        .compose(inserted -> inserted.isEmpty() ? Future.succeededFuture(inserted)
            : Outbox.append(tx, chat.customerId(), chat.id(), EventType.CHATPARTICIPANT_ADDED, inserted.get().toJson(), requestId)
                .compose(e -> Chats.refreshMemberCount(tx, chat.id(), now))
                .map(inserted));
  }

  public Future<List<Participant>> list(Actor actor, UUID chatId) {
    return Chats.readable(pool, actor, chatId).compose(chat -> Participants.ofChat(pool, chat.id()));
  }

  /** The chats the actor participates in, as its participant rows (push-service loads memberships with it). */
  public Future<List<Participant>> mine(Actor actor) {
    return Participants.ofOwner(pool, actor);
  }

  private static Future<Void> mayAdd(SqlConnection tx, Actor actor, Chat chat, UUID ownerId) {
    if (chat.type() == ChatType.DIRECT && chat.memberCount() >= 2) {
      return Future.failedFuture(new TalkException(Status.FAILED_PRECONDITION, "DIRECT_CHAT_FULL",
          "a direct chat has exactly two participants"));
    }
    if (chat.type() == ChatType.TALK && ownerId.equals(actor.ownerId())) {
      return Future.succeededFuture();
    }
    return Participants.requireMember(tx, chat, actor).mapEmpty();
  }
}
