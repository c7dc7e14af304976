package io.talkmesh.talkmanager.participant;

import io.talkmesh.common.rpc.Trace;
import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.request.participant.AddParticipant;
import io.talkmesh.common.request.participant.RemoveParticipant;
import io.talkmesh.talkmanager.agent.AgentService;
import io.talkmesh.talkmanager.chat.Chats;
import io.talkmesh.talkmanager.idempotency.Idempotency;
import io.talkmesh.talkmanager.message.SystemMessages;
import io.talkmesh.talkmanager.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is in a chat: adding (by a participant, or oneself into a public chat), joining a public chat, removing
 * (hard delete; removing oneself is leaving), listing. A direct chat has two seats for good: its creator's and the
 * first other agent's (given at creation or added later, as the tutorial does); whoever leaves may come back, nobody
 * else may ever enter (409 DIRECT_CHAT_FIXED), so a 1:1 history never reaches a third agent. Every join and leave
 * writes a system message in the same transaction; {@code member_count} is recounted, never adjusted blindly.
 * Entering a chat one is already in answers the existing participant and writes nothing, as VoIPBIN answers 200.
 * A closed talk (the talks API's state, docs/talks-api.md) takes nobody new (409 TALK_CLOSED), and a direct or group
 * chat whose last participant leaves is closed in the same transaction.
 */
public final class ParticipantService {
  private final Pool pool;

  public ParticipantService(Pool pool) {
    this.pool = pool;
  }

  /** Adds an agent of the customer; adding a participant again answers the existing one. */
  public Future<Participant> add(Actor actor, AddParticipant request, Trace trace) {
    UUID ownerId = request.ownerId();
    return Idempotency.once(pool, trace, tx -> Chats.lockedLive(tx, actor, request.chatId())
        .compose(chat -> mayAdd(tx, actor, chat, ownerId).map(chat))
        .compose(chat -> Chats.requireOpen(tx, chat))
        .compose(chat -> enter(tx, chat, ownerId, trace)), Participant::toJson, Participant::fromJson);
  }

  /** Joins a public {@code talk} chat as oneself (again: the existing participant); private chats refuse with 403. */
  public Future<Participant> join(Actor actor, UUID chatId, Trace trace) {
    return Idempotency.once(pool, trace, tx -> Chats.lockedLive(tx, actor, chatId)
        .compose(chat -> chat.type() == ChatType.TALK ? Future.succeededFuture(chat)
            : Future.failedFuture(TalkException.denied("CHAT_NOT_PUBLIC", "only public talk chats can be joined")))
        .compose(chat -> Chats.requireOpen(tx, chat))
        .compose(chat -> enter(tx, chat, actor.ownerId(), trace)), Participant::toJson, Participant::fromJson);
  }

  /**
   * Removes a participant of the chat (any participant may remove anyone; removing oneself is leaving). The
   * response is the removed participant; a participant id that is not in the chat is NOT_FOUND. Either agent of a
   * direct chat may leave or be removed, but only those two may ever enter it again ({@link #insert}).
   */
  public Future<Participant> remove(Actor actor, RemoveParticipant request, Trace trace) {
    UUID chatId = request.chatId();
    UUID participantId = request.participantId();
    return Idempotency.once(pool, trace, tx -> Chats.lockedWritable(tx, actor, chatId)
        .compose(chat -> Participants.delete(tx, chat.id(), participantId)
            .map(found -> found.orElseThrow(() -> TalkException.notFound("PARTICIPANT_NOT_FOUND",
                "participant %s is not in chat %s", participantId, chatId)))
            .compose(removed -> {
              Instant now = Timestamps.now();
              return Outbox.append(tx, chat.customerId(), chat.id(), EventType.CHATPARTICIPANT_REMOVED, removed.toJson(), trace)
                  .compose(e -> Chats.refreshMemberCount(tx, chat.id(), now))
                  .compose(c -> AgentService.displayName(tx, chat.customerId(), removed.ownerId()))
                  .compose(name -> SystemMessages.left(tx, chat, name, now, trace))
                  .compose(m -> Chats.closeIfEmpty(tx, chat.id(), trace))
                  .map(removed);
            })), Participant::toJson, Participant::fromJson);
  }

  /**
   * Inserts the participant, emits {@code chatparticipant_added} and recounts {@code member_count}, all in the
   * caller's transaction. Empty when the owner was already a member (nothing written).
   */
  public static Future<Optional<Participant>> insert(SqlConnection tx, Chat chat, String ownerType, UUID ownerId,
                                                    Instant now, Trace trace) {
    Future<Void> seat = chat.type() != ChatType.DIRECT ? Future.succeededFuture()
        : Participants.takeDirectSeat(tx, chat.id(), ownerId).compose(taken -> taken ? Future.succeededFuture()
            : Future.failedFuture(new TalkException(Status.FAILED_PRECONDITION, "DIRECT_CHAT_FIXED",
                "a direct chat belongs to its two agents: nobody else may enter it")));
    return seat.compose(v -> Participants.insert(tx, chat, ownerType, ownerId, now))
        .compose(inserted -> inserted.isEmpty() ? Future.succeededFuture(inserted)
            : Outbox.append(tx, chat.customerId(), chat.id(), EventType.CHATPARTICIPANT_ADDED, inserted.get().toJson(), trace)
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

  /**
   * A later join: the participant, its event, the new member_count, and "X joined the conversation."; or, when the
   * agent is already in the chat, that participant with nothing written. The existing row is read by a statement of
   * its own after the insert did nothing: a concurrent join's row, committed while the insert waited on the unique
   * key, is visible only to a later statement (READ COMMITTED), not to the insert's own snapshot.
   */
  private static Future<Participant> enter(SqlConnection tx, Chat chat, UUID agentId, Trace trace) {
    Instant now = Timestamps.now();
    return AgentService.requireAgents(tx, chat.customerId(), List.of(agentId))
        .compose(v -> insert(tx, chat, Agent.OWNER_TYPE, agentId, now, trace))
        .compose(added -> added.isEmpty() ? existing(tx, chat, agentId)
            : AgentService.displayName(tx, chat.customerId(), agentId)
                .compose(name -> SystemMessages.joined(tx, chat, name, now, trace))
                .map(added.get()));
  }

  /** The row the insert conflicted with; under the chat's row lock nothing can have removed it meanwhile. */
  private static Future<Participant> existing(SqlConnection tx, Chat chat, UUID agentId) {
    return Participants.member(tx, chat.id(), Agent.OWNER_TYPE, agentId).map(found -> found.orElseThrow(() ->
        TalkException.unavailable("PARTICIPANT_CHANGED", "the participants of chat %s changed: try again", chat.id())));
  }

  private static Future<Void> mayAdd(SqlConnection tx, Actor actor, Chat chat, UUID ownerId) {
    if (chat.type() == ChatType.DIRECT && chat.memberCount() >= 2) {
      return bothSeated(tx, chat, actor, ownerId).compose(seated -> seated ? Future.succeededFuture()
          : Future.failedFuture(new TalkException(Status.FAILED_PRECONDITION, "DIRECT_CHAT_FULL",
              "a direct chat has at most two participants")));
    }
    if (chat.type() == ChatType.TALK && ownerId.equals(actor.ownerId())) {
      return Future.succeededFuture();
    }
    return Participants.requireMember(tx, chat, actor).mapEmpty();
  }

  /**
   * Whether a full direct chat's two seats are the actor's and the added agent's: one of its agents re-adding the
   * other (or itself) gets the existing participant; anyone else still gets DIRECT_CHAT_FULL, members or not.
   */
  private static Future<Boolean> bothSeated(SqlConnection tx, Chat chat, Actor actor, UUID ownerId) {
    return Participants.ofChat(tx, chat.id()).map(members -> isSeated(members, actor.ownerType(), actor.ownerId())
        && isSeated(members, Agent.OWNER_TYPE, ownerId));
  }

  private static boolean isSeated(List<Participant> members, String ownerType, UUID ownerId) {
    return members.stream().anyMatch(p -> p.ownerType().equals(ownerType) && p.ownerId().equals(ownerId));
  }
}
