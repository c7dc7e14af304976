package io.talkmesh.talkmanager.pin;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.model.Pin;
import io.talkmesh.common.request.ByIdPaged;
import io.talkmesh.common.request.pin.PinMessage;
import io.talkmesh.common.request.pin.PinRef;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.talkmanager.chat.Chats;
import io.talkmesh.talkmanager.idempotency.Idempotency;
import io.talkmesh.talkmanager.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

/**
 * Pinning messages in their chat (docs/find.md, "Pins"). Readers of a chat list its pins; any participant pins and
 * unpins (a reader of a public channel who has not joined it may not: 403, as for sending). A pin and its
 * {@code chatmessage_pinned} / {@code chatmessage_unpinned} event commit together, under the chat's row lock, which
 * also orders them with the message's delete: a deleted message is never pinned, and its pin disappears.
 */
public final class PinService {
  /** Live pins per chat: a pin list is for the few messages that matter, and stays one short page. */
  public static final int MAX_PINS = 100;

  private final Pool pool;

  public PinService(Pool pool) {
    this.pool = pool;
  }

  /** The chat's pins of live messages, newest pin first. */
  public Future<Page<Pin>> list(Actor actor, ByIdPaged request) {
    PageRequest page = request.page();
    return Chats.readable(pool, actor, request.id())
        .compose(chat -> PinStore.ofChat(pool, chat.id(), page))
        .map(pins -> page.page(pins, Pin::tmCreate, Pin::messageId, pin -> pin.toJson().toBuffer().length()));
  }

  /**
   * Pins a live message of the chat (404 {@code MESSAGE_NOT_FOUND} otherwise); pinning a pinned message answers the
   * existing pin and emits nothing. A closed talk takes no new pins, as it takes no reactions (409).
   */
  public Future<Pin> pin(Actor actor, PinMessage request, Trace trace) {
    return Idempotency.once(pool, trace, tx -> Chats.lockedWritable(tx, actor, request.chatId())
        .compose(chat -> Chats.requireOpen(tx, chat))
        .compose(chat -> PinStore.liveMessage(tx, chat.id(), request.messageId()))
        .map(found -> found.orElseThrow(() -> TalkException.notFound("MESSAGE_NOT_FOUND",
            "message %s not found in chat %s", request.messageId(), request.chatId())))
        .compose(message -> PinStore.one(tx, message.chatId(), message.id()).compose(existing -> existing.isPresent()
            ? Future.succeededFuture(existing.get())
            : PinStore.count(tx, message.chatId()).compose(pins -> {
              if (pins >= MAX_PINS) {
                return Future.failedFuture(new TalkException(Status.FAILED_PRECONDITION, "TOO_MANY_PINS",
                    "chat " + message.chatId() + " has " + MAX_PINS + " pins already: unpin one first"));
              }
              return PinStore.insert(tx, actor.customerId(), actor.ownerType(), actor.ownerId(), message,
                  Timestamps.now()).compose(pin -> event(tx, actor, pin, EventType.CHATMESSAGE_PINNED, trace));
            }))), Pin::toJson, Pin::fromJson);
  }

  /** Removes the pin of a live message (404 {@code PIN_NOT_FOUND} when there is none); answers the pin removed. */
  public Future<Pin> unpin(Actor actor, PinRef request, Trace trace) {
    return Idempotency.once(pool, trace, tx -> Chats.lockedWritable(tx, actor, request.chatId())
        .compose(chat -> PinStore.one(tx, chat.id(), request.messageId()))
        .map(found -> found.orElseThrow(() -> TalkException.notFound("PIN_NOT_FOUND",
            "message %s is not pinned in chat %s", request.messageId(), request.chatId())))
        .compose(pin -> PinStore.delete(tx, pin.chatId(), pin.messageId())
            .compose(v -> event(tx, actor, pin, EventType.CHATMESSAGE_UNPINNED, trace))), Pin::toJson, Pin::fromJson);
  }

  private static Future<Pin> event(SqlConnection tx, Actor actor, Pin pin, EventType type, Trace trace) {
    return Outbox.append(tx, actor.customerId(), pin.chatId(), type, pin.toJson(), trace).map(pin);
  }
}
