package io.talkmesh.talkmanager.readstate;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.ReadState;
import io.talkmesh.common.request.chat.MarkRead;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.talkmanager.outbox.Outbox;
import io.talkmesh.talkmanager.participant.Participants;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Marking a chat read (docs/read-state.md). The pointer moves forward only: a mark at or behind it changes nothing
 * and emits nothing, so a late, older mark from a second device is a no-op and a client repeating marks floods no
 * one. A mark that moves it recounts what stays unread after it (the messages after the new pointer, usually none)
 * and tells the agent's own sessions ({@code chat_read}, its own stream); in a direct chat the other participant
 * also gets the receipt ({@code chatparticipant_read}: the pointer, not the counts).
 */
public final class ReadStateService {
  private final Pool pool;

  public ReadStateService(Pool pool) {
    this.pool = pool;
  }

  public Future<ReadState> mark(Actor actor, MarkRead request, Trace trace) {
    UUID chatId = request.id();
    return pool.withTransaction(tx -> ReadStateStore.chat(tx, chatId)
        .map(found -> found.filter(c -> c.customerId().equals(actor.customerId()))
            .orElseThrow(() -> TalkException.notFound("CHAT_NOT_FOUND", "chat %s not found", chatId)))
        // Sends and deletes of the chat hold its row FOR NO KEY UPDATE: the lock keeps them out of the recount. A
        // direct chat's mark appends to the chat's own stream, so it takes that lock itself (upgrading from SHARE
        // would deadlock two concurrent marks).
        .compose(chat -> ReadStateStore.lock(tx, chatId, chat.type() == ChatType.DIRECT).map(locked -> {
          if (locked.deleted()) {
            throw new TalkException(Status.FAILED_PRECONDITION, "CHAT_DELETED", "chat " + chatId + " is deleted");
          }
          return locked;
        }))
        .compose(chat -> ReadStateStore.state(tx, actor, chatId)
            .map(current -> current.orElseThrow(() -> Participants.notParticipant(chatId)))
            .compose(current -> target(tx, chat, request.messageId()))
            .compose(target -> target.isEmpty() ? ReadStateStore.state(tx, actor, chatId).map(Optional::orElseThrow)
                : move(tx, actor, chat, target.get(), trace))));
  }

  /** Where the mark puts the pointer: the message's ordinal, or (no message named) the chat's newest message. */
  private static Future<Optional<ReadStateStore.Target>> target(SqlConnection tx, ReadStateStore.LockedChat chat,
                                                              UUID messageId) {
    if (messageId == null) {
      return ReadStateStore.newest(tx, chat);
    }
    return ReadStateStore.message(tx, chat.id(), messageId).map(found -> Optional.of(found.orElseThrow(() ->
        TalkException.notFound("MESSAGE_NOT_FOUND", "message %s is not in chat %s", messageId, chat.id()))));
  }

  private static Future<ReadState> move(SqlConnection tx, Actor actor, ReadStateStore.LockedChat chat,
                                        ReadStateStore.Target target, Trace trace) {
    Instant now = Timestamps.now();
    return ReadStateStore.move(tx, actor, chat.id(), target, now).compose(moved -> {
      if (moved.isEmpty()) {
        return ReadStateStore.state(tx, actor, chat.id()).map(Optional::orElseThrow);
      }
      ReadState state = moved.get();
      Future<?> own = Outbox.appendToAgent(tx, actor.customerId(), actor.ownerId(), EventType.CHAT_READ,
          state.toJson(), trace);
      Future<?> receipt = chat.type() != ChatType.DIRECT ? own : own.compose(e -> Outbox.append(tx,
          actor.customerId(), chat.id(), EventType.CHATPARTICIPANT_READ, state.receipt(), trace));
      return receipt.map(state);
    });
  }
}
