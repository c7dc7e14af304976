package io.talkmesh.talkmanager.message;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.json.WindowCursor;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.MessageWindow;
import io.talkmesh.common.request.message.MessagesAround;
import io.talkmesh.talkmanager.chat.Chats;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Opening a chat at a message (docs/find.md, "Jump to a message"), as Zulip's {@code anchor} or Matrix's
 * {@code /context}: the anchor with up to N messages before and after it, in the order and with the deleted messages
 * the message list shows, and cursors that continue from either end of the window. Readers are those of the chat's
 * message list.
 */
public final class AroundService {
  private final Pool pool;

  public AroundService(Pool pool) {
    this.pool = pool;
  }

  public Future<MessageWindow> around(Actor actor, MessagesAround request) {
    return Chats.readable(pool, actor, request.chatId()).compose(chat -> {
      WindowCursor cursor = request.cursor();
      if (cursor != null) {
        return continued(chat.id(), cursor, cursor.older() ? request.numBefore() : request.numAfter());
      }
      return anchor(actor, chat.id(), request).compose(anchor -> anchor.isEmpty()
          ? Future.succeededFuture(new MessageWindow(List.of(), null, false, false, "", ""))
          : window(chat.id(), anchor.get(), request.numBefore(), request.numAfter()));
    });
  }

  /** The anchor message; empty only for a chat without messages. */
  private Future<Optional<Message>> anchor(Actor actor, UUID chatId, MessagesAround request) {
    UUID id = request.anchorId();
    if (id != null) {
      return AroundStore.inChat(pool, chatId, id).map(found -> Optional.of(found.orElseThrow(() ->
          TalkException.notFound("MESSAGE_NOT_FOUND", "message %s not found in chat %s", id, chatId))));
    }
    if (MessagesAround.FIRST_UNREAD.equals(request.anchor())) {
      return AroundStore.firstUnread(pool, chatId, actor)
          .compose(unread -> unread.isPresent() ? Future.succeededFuture(unread) : AroundStore.newest(pool, chatId));
    }
    return AroundStore.newest(pool, chatId);
  }

  /**
   * The anchor and its neighbours. One more than asked is read on each side to tell whether more follow; within the
   * reply's byte budget the anchor comes first, then neighbours nearest first, alternating sides, so a window of
   * large messages is cut at its far ends (and says there is more there).
   */
  private Future<MessageWindow> window(UUID chatId, Message anchor, int before, int after) {
    return AroundStore.older(pool, chatId, anchor.tmCreate(), anchor.id(), before + 1)
        .compose(older -> AroundStore.newer(pool, chatId, anchor.tmCreate(), anchor.id(), after + 1).map(newer -> {
          Side olderSide = new Side(older, before);
          Side newerSide = new Side(newer, after);
          long[] budget = {PageRequest.MAX_BYTES - MessageService.encodedSize(anchor)};
          while (olderSide.open || newerSide.open) {
            olderSide.take(budget);
            newerSide.take(budget);
          }
          List<Message> result = new ArrayList<>(newer.subList(0, newerSide.shown));
          Collections.reverse(result);
          result.add(anchor);
          result.addAll(older.subList(0, olderSide.shown));
          return edges(result, anchor.id(), older.size() > olderSide.shown, newer.size() > newerSide.shown);
        }));
  }

  /** One side of a window as it fills: how many of its messages (nearest first) are shown, and whether it may grow. */
  private static final class Side {
    private final List<Message> messages;
    private final int limit;
    private int shown;
    private boolean open;

    Side(List<Message> messages, int asked) {
      this.messages = messages;
      this.limit = Math.min(asked, messages.size());
      this.open = limit > 0;
    }

    /** Shows the next message if it fits the budget; a side whose next message does not fit stops there. */
    void take(long[] budget) {
      if (!open) {
        return;
      }
      int size = MessageService.encodedSize(messages.get(shown)) + 1;
      if (size > budget[0]) {
        open = false;
        return;
      }
      budget[0] -= size;
      shown++;
      open = shown < limit;
    }
  }

  /**
   * The next messages from a window's edge in the cursor's direction. The other side is known to hold messages
   * (at least the cursor's own), so it reports more there.
   */
  private Future<MessageWindow> continued(UUID chatId, WindowCursor cursor, int count) {
    Future<List<Message>> read = cursor.older()
        ? AroundStore.older(pool, chatId, cursor.time(), cursor.id(), count + 1)
        : AroundStore.newer(pool, chatId, cursor.time(), cursor.id(), count + 1);
    return read.map(found -> {
      List<Message> shown = new ArrayList<>(found.subList(0, Math.min(count, found.size())));
      shown = new ArrayList<>(shown.subList(0, PageRequest.fitting(shown, MessageService::encodedSize,
          PageRequest.MAX_BYTES)));
      boolean more = found.size() > shown.size();
      if (shown.isEmpty()) {
        String older = new WindowCursor(true, cursor.time(), cursor.id()).token();
        String newer = new WindowCursor(false, cursor.time(), cursor.id()).token();
        return new MessageWindow(List.of(), null, !cursor.older() || more, cursor.older() || more, older, newer);
      }
      if (!cursor.older()) {
        Collections.reverse(shown);
      }
      return edges(shown, null, cursor.older() ? more : true, cursor.older() ? true : more);
    });
  }

  /** A window of messages (newest first) with the cursors continuing from its oldest and newest message. */
  private static MessageWindow edges(List<Message> newestFirst, UUID anchorId, boolean hasOlder, boolean hasNewer) {
    Message newest = newestFirst.get(0);
    Message oldest = newestFirst.get(newestFirst.size() - 1);
    return new MessageWindow(newestFirst, anchorId, hasOlder, hasNewer,
        new WindowCursor(true, oldest.tmCreate(), oldest.id()).token(),
        new WindowCursor(false, newest.tmCreate(), newest.id()).token());
  }
}
