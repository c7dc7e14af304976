package io.talkmesh.talkmanager.message;

import io.talkmesh.common.rpc.Trace;
import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.request.ByIdPaged;
import io.talkmesh.common.request.message.EditMessage;
import io.talkmesh.common.request.message.ListMessages;
import io.talkmesh.common.request.message.React;
import io.talkmesh.common.request.message.SendMessage;
import io.talkmesh.common.request.message.Unreact;
import io.talkmesh.talkmanager.chat.Chats;
import io.talkmesh.talkmanager.idempotency.Idempotency;
import io.talkmesh.talkmanager.outbox.Outbox;
import io.vertx.core.Future;
import io.talkmesh.common.talks.TalksJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.UUID;

/** Sending and listing messages. */
public final class MessageService {
  private final Pool pool;

  public MessageService(Pool pool) {
    this.pool = pool;
  }

  /**
   * Sends a message as the actor: only participants of a live chat may send; a {@code parent_id} must be a
   * message of the same chat (soft-deleted parents and replies to replies are allowed). The message and its
   * {@code chatmessage_created} event commit together. Mentions keep only agents of the chat ({@link Mentions}).
   */
  public Future<Message> send(Actor actor, SendMessage request, Trace trace) {
    if (!request.type().equals(Message.TYPE_NORMAL)) {
      return Future.failedFuture(TalkException.invalid("INVALID_MESSAGE_TYPE",
          "type must be 'normal'; system messages are written by talk-manager only"));
    }
    String text = MessageBounds.text(request.text());
    JsonArray medias = MessageBounds.medias(request.medias());
    if (text.isEmpty() && medias.isEmpty()) {
      return Future.failedFuture(TalkException.invalid("EMPTY_MESSAGE", "a message needs text or medias"));
    }
    MessageBounds.message(text, medias);
    Instant now = Timestamps.now();
    Message message = new Message(UUID.randomUUID(), actor.customerId(), actor.ownerType(), actor.ownerId(),
        request.chatId(), request.parentId(), request.type(), text, medias, new JsonArray(), now, now, null);
    return Mentions.ofParticipants(pool, actor, request.chatId(), request.mentions())
        .compose(mentions -> SendStatement.run(pool, actor, message.withMentions(mentions), trace));
  }

  /**
   * Messages newest first: of one chat (readers are its participants, and every agent of the customer for public
   * chats), or without {@code chat_id} of every chat the actor participates in.
   */
  public Future<Page<Message>> list(Actor actor, ListMessages request) {
    UUID chatId = request.chatId();
    PageRequest page = request.page();
    Future<java.util.List<Message>> messages = chatId == null
        ? MessageStore.ofReader(pool, actor.ownerType(), actor.ownerId(), page)
        : Chats.readable(pool, actor, chatId).compose(chat -> MessageStore.ofChat(pool, chat.id(), page));
    return messages.map(list -> page.page(list, Message::tmCreate, Message::id, MessageService::encodedSize));
  }

  /** The replies to a message, newest first; readers of its chat only. */
  public Future<Page<Message>> thread(Actor actor, ByIdPaged request) {
    PageRequest page = request.page();
    return get(actor, request.id())
        .compose(parent -> MessageStore.thread(pool, parent.id(), page))
        .map(list -> page.page(list, Message::tmCreate, Message::id, MessageService::encodedSize));
  }

  /** The author changes the text of a live message in a live chat; emits {@code chatmessage_updated}. */
  public Future<Message> edit(Actor actor, EditMessage request, Trace trace) {
    String text = MessageBounds.text(request.text());
    return Idempotency.once(pool, trace, tx -> writableMessage(tx, actor, request.id())
        .map(message -> requireAuthor(actor, message))
        .map(message -> {
          MessageBounds.message(text, message.medias());
          return message;
        })
        .compose(message -> MessageStore.edit(tx, message.id(), text, Timestamps.now()))
        .compose(message -> event(tx, message, EventType.CHATMESSAGE_UPDATED, trace)), Message::toJson, Message::fromJson);
  }

  /**
   * The author deletes a message: the row stays (threads keep their parent, tm_delete is set) but its text, medias
   * and reactions are erased, and so are they in the message's earlier events of the event log, in the same
   * transaction: no read path and no resume shows them again. The response and {@code chatmessage_deleted} carry
   * the blanked message with the set tm_delete.
   */
  public Future<Message> delete(Actor actor, UUID id, Trace trace) {
    return Idempotency.once(pool, trace, tx -> writableMessage(tx, actor, id)
        .map(message -> requireAuthor(actor, message))
        .compose(message -> MessageStore.uncount(tx, message).map(message))
        .compose(message -> MessageStore.delete(tx, message.id(), Timestamps.now()))
        .compose(message -> Outbox.redactMessage(tx, message.chatId(), message.id()).map(message))
        .compose(message -> event(tx, message, EventType.CHATMESSAGE_DELETED, trace)), Message::toJson, Message::fromJson);
  }

  /** The bytes a message takes in a reply (list pages stop early at {@link PageRequest#MAX_BYTES}). */
  static int encodedSize(Message message) {
    return message.toJson().toBuffer().length();
  }

  /**
   * Adds the actor's reaction (one per emoji and agent; several emoji allowed, at most {@link MessageBounds#MAX_EMOJI}
   * different ones and {@link MessageBounds#MAX_REACTIONS} entries per message: 409 beyond) in one atomic statement;
   * emits {@code chatmessage_reaction_updated} with the whole message (bounded, docs/rpc.md). Reacting again with
   * the same emoji changes nothing.
   */
  public Future<Message> react(Actor actor, React request, Trace trace) {
    String emoji = Reactions.emoji(request.emoji());
    Instant now = Timestamps.now();
    return Idempotency.once(pool, trace, tx -> writableMessage(tx, actor, request.id())
        .compose(message -> Chats.requireOpen(tx, message.chatId()).map(message))
        .map(message -> {
          MessageBounds.reaction(message.id(), message.reactions(), emoji, actor.ownerType(), actor.ownerId(),
              Timestamps.format(now));
          return message;
        })
        .compose(message -> MessageStore.addReaction(tx, message.id(), emoji, actor.ownerType(), actor.ownerId(), now)
            .compose(changed -> changed.isEmpty() ? Future.succeededFuture(message)
                : reactionEvent(tx, changed.get(), TalksJson.ADDED, emoji, actor, trace))), Message::toJson, Message::fromJson);
  }

  /** Removes the actor's reaction with that emoji; NOT_FOUND when there is none. */
  public Future<Message> unreact(Actor actor, Unreact request, Trace trace) {
    String emoji = Reactions.emoji(request.emoji());
    UUID id = request.id();
    return Idempotency.once(pool, trace, tx -> writableMessage(tx, actor, id)
        .compose(message -> MessageStore.removeReaction(tx, message.id(), emoji, actor.ownerType(), actor.ownerId(),
            Timestamps.now()))
        .map(changed -> changed.orElseThrow(() -> TalkException.notFound("REACTION_NOT_FOUND",
            "you have no '%s' reaction on message %s", emoji, id)))
        .compose(message -> reactionEvent(tx, message, TalksJson.REMOVED, emoji, actor, trace)), Message::toJson,
        Message::fromJson);
  }

  /** The live message, its chat locked, live, and the actor a participant of it. */
  private static Future<Message> writableMessage(SqlConnection tx, Actor actor, UUID id) {
    return MessageStore.byId(tx, id)
        .map(found -> found.filter(m -> m.customerId().equals(actor.customerId()))
            .orElseThrow(() -> TalkException.notFound("MESSAGE_NOT_FOUND", "message %s not found", id)))
        .compose(message -> Chats.lockedWritable(tx, actor, message.chatId()).map(chat -> message))
        .compose(message -> MessageStore.byId(tx, id).map(fresh -> fresh.orElseThrow()))
        .map(message -> {
          if (message.tmDelete() != null) {
            throw new TalkException(Status.FAILED_PRECONDITION, "MESSAGE_DELETED", "message " + id + " is deleted");
          }
          return message;
        });
  }

  private static Message requireAuthor(Actor actor, Message message) {
    if (!message.ownerType().equals(actor.ownerType()) || !message.ownerId().equals(actor.ownerId())) {
      throw TalkException.denied("NOT_AUTHOR", "only the author may change message %s", message.id());
    }
    return message;
  }

  /**
   * {@code chatmessage_reaction_updated} with the Message JSON as VoIPBIN's clients expect, plus which entry changed
   * ({@code reaction_change}, additive): the talks API's clients get reaction_added / reaction_removed from it.
   */
  private static Future<Message> reactionEvent(SqlConnection tx, Message message, String action, String emoji,
                                               Actor actor, Trace trace) {
    JsonObject data = message.toJson().put(TalksJson.REACTION_CHANGE,
        TalksJson.reactionChange(action, emoji, actor.ownerType(), actor.ownerId()));
    return Outbox.append(tx, message.customerId(), message.chatId(), EventType.CHATMESSAGE_REACTION_UPDATED, data, trace)
        .map(message);
  }

  private static Future<Message> event(SqlConnection tx, Message message, EventType type, Trace trace) {
    return Outbox.append(tx, message.customerId(), message.chatId(), type, message.toJson(), trace).map(message);
  }

  public Future<Message> get(Actor actor, UUID id) {
    return MessageStore.byId(pool, id)
        .map(found -> found.filter(m -> m.customerId().equals(actor.customerId()))
            .orElseThrow(() -> TalkException.notFound("MESSAGE_NOT_FOUND", "message %s not found", id)))
        .compose(message -> Chats.readable(pool, actor, message.chatId()).map(message));
  }
}
