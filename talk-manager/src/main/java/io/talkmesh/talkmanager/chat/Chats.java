package io.talkmesh.talkmanager.chat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.talkmanager.participant.Participants;
import io.vertx.core.Future;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.common.talks.TalksJson;
import io.talkmesh.talkmanager.outbox.Outbox;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may read and write a chat. Another customer's chat does not exist for the actor (404); a private chat
 * of the actor's customer is readable by its participants only (403); a public {@code talk} chat by every agent
 * of the customer. Writes need a participant and a live chat (a deleted chat is read-only: 409).
 */
public final class Chats {
  private Chats() {
  }

  public static Future<Chat> find(SqlClient sql, Actor actor, UUID chatId) {
    return ChatStore.byId(sql, chatId).map(found -> ofCustomer(found, actor, chatId));
  }

  /** The chat if the actor may read it; the chat and the actor's membership are read in one statement. */
  public static Future<Chat> readable(SqlClient sql, Actor actor, UUID chatId) {
    return asRead(sql, actor, chatId).map(chat -> chat.withRead(null));
  }

  /**
   * {@link #readable}, with the actor's read state when it participates: for answering the actor only (an event
   * must never carry one reader's state to the others).
   */
  public static Future<Chat> asRead(SqlClient sql, Actor actor, UUID chatId) {
    return ChatStore.byIdForReader(sql, chatId, actor.ownerType(), actor.ownerId()).map(found -> {
      ChatStore.WithMembership read = found.filter(r -> r.chat().customerId().equals(actor.customerId()))
          .orElseThrow(() -> notFound(chatId));
      if (read.chat().type() != ChatType.TALK && !read.member()) {
        throw Participants.notParticipant(chatId);
      }
      return read.chat();
    });
  }

  /**
   * The chat if the actor may write to it (a participant, the chat live), with the chat's row lock taken first, for
   * changes that must not interleave with a concurrent delete of the chat (the lock is held until the transaction ends).
   */
  public static Future<Chat> lockedWritable(SqlClient sql, Actor actor, UUID chatId) {
    return lockedLive(sql, actor, chatId).compose(chat -> Participants.requireMember(sql, chat, actor).map(chat));
  }

  /** The chat row locked, live, of the actor's customer; membership is not checked. */
  public static Future<Chat> lockedLive(SqlClient sql, Actor actor, UUID chatId) {
    return ChatStore.lock(sql, chatId).map(found -> ofCustomer(found, actor, chatId)).map(Chats::requireLive);
  }

  /** Another customer's chat does not exist for the actor. */
  private static Chat ofCustomer(Optional<Chat> found, Actor actor, UUID chatId) {
    return found.filter(chat -> chat.customerId().equals(actor.customerId())).orElseThrow(() -> notFound(chatId));
  }

  private static TalkException notFound(UUID chatId) {
    return TalkException.notFound("CHAT_NOT_FOUND", "chat %s not found", chatId);
  }

  /** A chat from a row holding talk_chats' columns (other packages' queries that join chats use it). */
  public static Chat fromRow(io.vertx.sqlclient.Row row) {
    return ChatStore.fromRow(row);
  }

  public static Chat requireLive(Chat chat) {
    if (chat.deleted()) {
      throw new TalkException(Status.FAILED_PRECONDITION, "CHAT_DELETED", "chat " + chat.id() + " is deleted");
    }
    return chat;
  }

  /** Recounts the chat's members after a participant change; member_count is never adjusted blindly. */
  public static Future<Chat> refreshMemberCount(SqlClient sql, UUID chatId, java.time.Instant now) {
    return ChatStore.refreshMemberCount(sql, chatId, now);
  }

  /**
   * Refuses new messages, participants and reactions in a closed talk (the talks API's state, docs/talks-api.md);
   * the caller holds the chat's row lock.
   */
  public static Future<Chat> requireOpen(SqlClient sql, Chat chat) {
    return requireOpen(sql, chat.id()).map(chat);
  }

  public static Future<Void> requireOpen(SqlClient sql, UUID chatId) {
    return ChatStore.status(sql, chatId).map(status -> {
      if (!TalksJson.ACTIVE.equals(status)) {
        throw closed(chatId);
      }
      return null;
    });
  }

  public static TalkException closed(UUID chatId) {
    return new TalkException(Status.FAILED_PRECONDITION, "TALK_CLOSED",
        "talk " + chatId + " is closed: a participant reopens it with PUT /v1.0/talks/" + chatId + " {\"status\":\"active\"}");
  }

  /**
   * After a removal: a direct or group chat whose last participant left is closed, with {@code chat_updated}
   * carrying {@code status: closed} (the caller holds the row lock and writes the removal in the same transaction).
   */
  public static Future<Void> closeIfEmpty(SqlConnection tx, UUID chatId, Trace trace) {
    return ChatStore.closeIfEmpty(tx, chatId, io.talkmesh.common.json.Timestamps.now()).compose(closed -> closed.isEmpty()
        ? Future.succeededFuture()
        : Outbox.append(tx, closed.get().customerId(), chatId, EventType.CHAT_UPDATED,
            closed.get().toJson().put(TalksJson.STATUS, TalksJson.CLOSED), trace).mapEmpty());
  }
}
