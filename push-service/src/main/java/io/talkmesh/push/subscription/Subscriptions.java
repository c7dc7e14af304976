package io.talkmesh.push.subscription;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.common.push.Topic;
import io.talkmesh.push.delivery.Bindings;
import io.talkmesh.push.delivery.Memberships;
import io.talkmesh.push.session.Session;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a session's subscribe and unsubscribe frames. A refused topic gets its own error frame and the others
 * proceed. A subscription becomes active, and is acknowledged with "subscribed", only once its events are bound to
 * this instance and (for agent topics) the agent's chats are loaded: binding first, so no event published after the
 * load can be missed. A single-chat agent topic is checked once with talk-manager: a chat the agent is in, or a
 * public {@code talk} chat of its customer, which the session may then read without joining. Chats named in
 * {@code resume} are caught up ({@code session.Resume}) once the topics are active.
 */
public final class Subscriptions {
  private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);
  public static final String RESUME_NOT_SUBSCRIBED = "RESUME_NOT_SUBSCRIBED";

  private final Bindings bindings;
  private final Memberships memberships;
  private final BiFunction<Actor, UUID, Future<Chat>> chatOf;

  /** @param chatOf talk-manager's {@code GET /v1/chats/{id}} as the agent (403 / 404 when it may not read it) */
  public Subscriptions(Bindings bindings, Memberships memberships, BiFunction<Actor, UUID, Future<Chat>> chatOf) {
    this.bindings = bindings;
    this.memberships = memberships;
    this.chatOf = chatOf;
  }

  /** Handles one text frame from the client; a malformed frame is answered with an INVALID_FRAME error frame. */
  public void onFrame(Session session, String text) {
    ClientFrame frame;
    try {
      frame = ClientFrame.parse(text);
    } catch (TalkException e) {
      session.send(PushFrames.error(e));
      return;
    }
    if (PushFrames.SUBSCRIBE.equals(frame.type())) {
      subscribe(session, frame.topics(), frame.resume());
    } else {
      unsubscribe(session, frame.topics());
    }
  }

  /** The session closed: release what it held. */
  public void closed(Session session) {
    session.patterns().forEach(bindings::release);
    session.patterns().clear();
  }

  private void subscribe(Session session, List<String> texts, Map<UUID, Long> resumeFrom) {
    List<Topic> accepted = accepted(session, texts);
    Set<UUID> resumed = new LinkedHashSet<>();
    List<UUID> uncovered = new ArrayList<>();
    resumeFrom.forEach((chatId, seq) -> {
      if (covers(session.topics(), chatId) || covers(accepted, chatId)) {
        session.startResume(chatId, seq);
        resumed.add(chatId);
      } else {
        uncovered.add(chatId);
      }
    });
    notCovered(session, uncovered);
    if (accepted.isEmpty() && resumed.isEmpty()) {
      return;
    }
    Actor actor = session.actor();
    List<Topic> active = new ArrayList<>();
    Set<UUID> publicChats = new HashSet<>();
    Future.join(accepted.stream().map(topic -> check(actor, topic, publicChats)
            .onSuccess(ok -> active.add(topic))
            .onFailure(err -> session.send(PushFrames.error(topic.toString(), refusal(err))))).toList())
        .transform(ar -> {
          Set<String> wanted = new HashSet<>();
          active.forEach(t -> wanted.add(Bindings.patternOf(actor.customerId(), t)));
          wanted.removeAll(session.patterns());
          session.patterns().addAll(wanted);
          return Future.all(wanted.stream().map(bindings::acquire).toList());
        })
        .compose(v -> active.stream().anyMatch(t -> t.scope() == Topic.Scope.AGENT)
            ? memberships.load(actor) : Future.succeededFuture())
        .onSuccess(v -> {
          if (!session.isOpen()) {
            return;
          }
          session.topics().addAll(active);
          session.publicChats().addAll(publicChats);
          if (!active.isEmpty()) {
            session.send(PushFrames.subscribed(active));
          }
          List<UUID> lost = new ArrayList<>();
          resumed.forEach(chatId -> startCatchUp(session, chatId, lost));
          notCovered(session, lost);
        })
        .onFailure(err -> {
          LOG.warn("subscribe of agent {} failed: {}", actor.ownerId(), err.getMessage());
          TalkException error = TalkException.unavailable("SUBSCRIBE_FAILED", "the subscription could not be set up; retry");
          active.forEach(t -> session.send(PushFrames.error(t.toString(), error)));
          resumed.forEach(session::forgetCursor);
        });
  }

  private static void startCatchUp(Session session, UUID chatId, List<UUID> uncovered) {
    if (!covers(session.topics(), chatId)) {
      session.forgetCursor(chatId);
      uncovered.add(chatId);
      return;
    }
    session.catchUp(chatId);
  }

  /**
   * One error frame for all resumed chats no topic covers (one frame per chat would let a single client frame fill
   * its own outbound buffer); {@code chat_id} names the first for clients that read one, {@code chat_ids} all.
   */
  private static void notCovered(Session session, List<UUID> chats) {
    if (chats.isEmpty()) {
      return;
    }
    io.vertx.core.json.JsonArray ids = new io.vertx.core.json.JsonArray();
    chats.forEach(id -> ids.add(id.toString()));
    session.send(PushFrames.error(TalkException.invalid(RESUME_NOT_SUBSCRIBED,
            "%d resumed chat(s) are not covered by any topic of this subscription", chats.size()))
        .put("chat_id", chats.get(0).toString()).put("chat_ids", ids));
  }

  /** Single-chat agent topics: asks talk-manager once whether the agent may read the chat, and how. */
  private Future<Void> check(Actor actor, Topic topic, Set<UUID> publicChats) {
    if (topic.scope() != Topic.Scope.AGENT || !topic.isSingleChat()) {
      return Future.succeededFuture();
    }
    return chatOf.apply(actor, topic.chatId()).compose(chat -> {
      if (chat.deleted()) {
        return Future.failedFuture(new TalkException(Status.FAILED_PRECONDITION,
            "CHAT_DELETED", "chat " + chat.id() + " is deleted"));
      }
      if (chat.type() == ChatType.TALK) {
        publicChats.add(chat.id());
      }
      return Future.succeededFuture();
    });
  }

  private static TalkException refusal(Throwable err) {
    return err instanceof TalkException t ? t
        : TalkException.unavailable("SUBSCRIBE_FAILED", "the subscription could not be checked; retry");
  }

  private void unsubscribe(Session session, List<String> texts) {
    List<Topic> removed = accepted(session, texts);
    session.topics().removeAll(removed);
    Set<String> needed = new HashSet<>();
    session.topics().forEach(t -> needed.add(Bindings.patternOf(session.actor().customerId(), t)));
    for (String pattern : new ArrayList<>(session.patterns())) {
      if (!needed.contains(pattern)) {
        session.patterns().remove(pattern);
        bindings.release(pattern);
      }
    }
    for (Topic topic : removed) {
      if (topic.isSingleChat() && !covers(session.topics(), topic.chatId())) {
        session.publicChats().remove(topic.chatId());
        session.forgetCursor(topic.chatId());
      }
    }
    if (!removed.isEmpty()) {
      session.send(PushFrames.unsubscribed(removed));
    }
  }

  /** Whether some topic may carry the chat's events (the delivery rule still decides event by event). */
  private static boolean covers(Iterable<Topic> topics, UUID chatId) {
    for (Topic t : topics) {
      if (!t.isSingleChat() || t.chatId().equals(chatId)) {
        return true;
      }
    }
    return false;
  }

  private static List<Topic> accepted(Session session, List<String> texts) {
    List<Topic> accepted = new ArrayList<>();
    for (String text : texts) {
      try {
        accepted.add(TopicRules.allowed(session.actor(), text));
      } catch (TalkException e) {
        session.send(PushFrames.error(text, e));
      }
    }
    return accepted;
  }
}
