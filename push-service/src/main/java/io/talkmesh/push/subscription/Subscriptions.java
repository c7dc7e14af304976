package io.talkmesh.push.subscription;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.common.push.ResumeFrames;
import io.talkmesh.common.push.Topic;
import io.talkmesh.push.delivery.Bindings;
import io.talkmesh.push.delivery.Channels;
import io.talkmesh.push.delivery.ChatBindings;
import io.talkmesh.push.delivery.Recipients;
import io.talkmesh.push.delivery.DeliveryRule;
import io.talkmesh.push.delivery.Memberships;
import io.talkmesh.push.session.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a session's subscribe and unsubscribe frames. A refused topic gets its own error frame and the others
 * proceed. A subscription becomes active, and is acknowledged with "subscribed", only once its events are bound to
 * this instance and the agent's chats and its customer's public channels are known here: first the customer's
 * membership-changing events are bound ({@link Bindings#trackingPatterns}), then those views are loaded, so no change
 * published after the load can be missed whatever the session's topics.
 * <p>
 * A single-chat topic is checked against those views, with no RPC per topic: a chat the agent participates in, or a
 * public {@code talk} chat of its customer (which an agent topic may then read without joining). A chat that fails
 * the check makes the views reload once (coalesced per agent and customer, so one frame of 100 topics, or many frames
 * at once, cost at most a reload or two): it may have been created or joined a moment ago. Still not readable: refused
 * {@code NOT_PARTICIPANT}. Chats named in {@code resume} are checked the same way, then caught up
 * ({@code session.Resume}) once the topics are active; one the agent may not read is answered {@code reset}
 * {@code NOT_PARTICIPANT} without asking the event log.
 */
public final class Subscriptions {
  private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);
  public static final String RESUME_NOT_SUBSCRIBED = "RESUME_NOT_SUBSCRIBED";
  public static final String NOT_PARTICIPANT = "NOT_PARTICIPANT";
  public static final String TOO_MANY_TOPICS = "TOO_MANY_TOPICS";
  public static final String TOO_MANY_RESUMES = "TOO_MANY_RESUMES";
  /** Topics one session may hold (active or being checked); more are refused TOO_MANY_TOPICS. */
  public static final int MAX_SESSION_TOPICS = 100;
  /** Chats one subscribe frame may resume, and chats one session may have catching up at once. */
  public static final int MAX_RESUMING = 100;

  private final Bindings bindings;
  private final ChatBindings chatBindings;
  private final Recipients recipients;
  private final Memberships memberships;
  private final Channels channels;

  /** Where typing frames go (push.typing): (session, chat, started). */
  public interface TypingFrames {
    void onFrame(Session session, UUID chatId, boolean started);
  }

  private TypingFrames typing = (session, chat, started) -> { };
  private io.talkmesh.push.presence.PresenceFeed presence;

  public Subscriptions(Bindings bindings, ChatBindings chatBindings, Recipients recipients, Memberships memberships,
                       Channels channels) {
    this.bindings = bindings;
    this.chatBindings = chatBindings;
    this.recipients = recipients;
    this.memberships = memberships;
    this.channels = channels;
  }

  /** Typing frames are handed to this (they subscribe to nothing). */
  public Subscriptions typing(TypingFrames typing) {
    this.typing = typing;
    return this;
  }

  /** Presence topics are handed to this (push.presence). */
  public Subscriptions presence(io.talkmesh.push.presence.PresenceFeed presence) {
    this.presence = presence;
    return this;
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
    if (frame.isTyping()) {
      typing.onFrame(session, frame.chatId(), io.talkmesh.common.push.Typing.START.equals(frame.type()));
    } else if (PushFrames.SUBSCRIBE.equals(frame.type())) {
      subscribePresence(session, presenceTopics(frame.topics()));
      subscribe(session, chatTopics(frame.topics()), frame.resume());
    } else {
      unsubscribePresence(session, presenceTopics(frame.topics()));
      unsubscribe(session, chatTopics(frame.topics()));
    }
  }

  private static List<String> presenceTopics(List<String> topics) {
    return topics.stream().filter(io.talkmesh.common.push.PresenceTopic::is).toList();
  }

  private static List<String> chatTopics(List<String> topics) {
    return topics.stream().filter(t -> !io.talkmesh.common.push.PresenceTopic.is(t)).toList();
  }

  /** Presence topics: one subscription per session whichever of its topics names it; acknowledged once bound. */
  private void subscribePresence(Session session, List<String> texts) {
    List<String> accepted = allowedPresence(session, texts);
    if (accepted.isEmpty() || presence == null) {
      return;
    }
    presence.subscribe(session)
        .onSuccess(v -> session.send(PushFrames.subscribed(accepted)))
        .onFailure(err -> {
          LOG.warn("presence subscribe of agent {} failed: {}", session.actor().ownerId(), err.getMessage());
          TalkException error = TalkException.unavailable("SUBSCRIBE_FAILED", "the subscription could not be set up; retry");
          accepted.forEach(t -> session.send(PushFrames.error(t, error)));
        });
  }

  private void unsubscribePresence(Session session, List<String> texts) {
    List<String> accepted = allowedPresence(session, texts);
    if (accepted.isEmpty() || presence == null) {
      return;
    }
    presence.unsubscribe(session);
    session.send(PushFrames.unsubscribed(accepted));
  }

  private static List<String> allowedPresence(Session session, List<String> texts) {
    List<String> accepted = new ArrayList<>();
    for (String text : texts) {
      try {
        accepted.add(TopicRules.allowedPresence(session.actor(), text).toString());
      } catch (TalkException e) {
        session.send(PushFrames.error(text, e));
      }
    }
    return accepted;
  }

  /** The session closed: release what it held. */
  public void closed(Session session) {
    if (presence != null) {
      presence.unsubscribe(session);
    }
    session.patterns().forEach(bindings::release);
    session.patterns().clear();
    chatBindings.release(session.actor(), session.held());
    session.held().clear();
  }

  private void subscribe(Session session, List<String> texts, Map<UUID, Long> resumeFrom) {
    List<Topic> accepted = withinCap(session, accepted(session, texts));
    Map<UUID, Long> resumed = new LinkedHashMap<>();
    List<UUID> uncovered = new ArrayList<>();
    List<UUID> overLimit = new ArrayList<>();
    int catchingUp = session.catchingUp();
    for (Map.Entry<UUID, Long> entry : resumeFrom.entrySet()) {
      UUID chatId = entry.getKey();
      if (!covers(session.topics(), chatId) && !covers(accepted, chatId)) {
        uncovered.add(chatId);
      } else if (resumed.size() >= MAX_RESUMING
          || !session.catchingUp(chatId) && catchingUp + resumed.size() >= MAX_RESUMING) {
        overLimit.add(chatId);
      } else {
        resumed.put(chatId, entry.getValue());
      }
    }
    notCovered(session, uncovered);
    refuse(session, overLimit, TalkException.exhausted(TOO_MANY_RESUMES, 1,
        "%d resumed chat(s) over the limit of %d per frame and per session catching up: resume them once these are "
            + "resumed", overLimit.size(), MAX_RESUMING));
    if (accepted.isEmpty() && resumed.isEmpty()) {
      return;
    }
    resumed.forEach(session::startResume);
    Set<Topic> fresh = new LinkedHashSet<>(accepted);
    fresh.removeAll(session.topics());
    session.reserveTopics(fresh.size());
    Actor actor = session.actor();
    List<Topic> active = new ArrayList<>();
    Set<UUID> publicChats = new HashSet<>();
    Set<UUID> readable = new HashSet<>();
    track(session)
        .compose(v -> Future.all(memberships.load(actor), channels.load(actor)))
        .compose(v -> {
          boolean unsure = accepted.stream().anyMatch(t -> t.isSingleChat() && !readable(actor, t.chatId()))
              || resumed.keySet().stream().anyMatch(c -> !readable(actor, c));
          return unsure ? Future.all(memberships.refresh(actor), channels.refresh(actor)).mapEmpty()
              : Future.succeededFuture();
        })
        .compose(v -> {
          for (Topic topic : accepted) {
            if (!topic.isSingleChat() || readable(actor, topic.chatId())) {
              active.add(topic);
              if (topic.isSingleChat() && channels.isPublic(actor.customerId(), topic.chatId())) {
                publicChats.add(topic.chatId());
              }
            } else {
              session.send(PushFrames.error(topic.toString(), notParticipant(topic.chatId())));
            }
          }
          resumed.keySet().stream().filter(c -> readable(actor, c)).forEach(readable::add);
          List<Topic> wanted = new ArrayList<>(active);
          wanted.removeAll(session.held());
          session.held().addAll(wanted);
          return chatBindings.hold(actor, wanted);
        })
        .onComplete(ar -> session.reserveTopics(-fresh.size()))
        .onSuccess(v -> {
          if (!session.isOpen()) {
            return;
          }
          for (Topic topic : active) {
            if (session.topics().add(topic)) {
              recipients.topicAdded(session, topic);
            }
          }
          session.publicChats().addAll(publicChats);
          if (!active.isEmpty()) {
            session.send(PushFrames.subscribed(active));
          }
          List<UUID> lost = new ArrayList<>();
          resumed.keySet().forEach(chatId -> startCatchUp(session, chatId, readable.contains(chatId), lost));
          notCovered(session, lost);
        })
        .onFailure(err -> {
          LOG.warn("subscribe of agent {} failed: {}", actor.ownerId(), err.getMessage());
          TalkException error = TalkException.unavailable("SUBSCRIBE_FAILED", "the subscription could not be set up; retry");
          accepted.forEach(t -> session.send(PushFrames.error(t.toString(), error)));
          resumed.keySet().forEach(session::forgetCursor);
        });
  }

  /** Binds the customer's membership-changing events for this session, once (every later frame waits for it). */
  private Future<Void> track(Session session) {
    Future<Void> tracking = session.tracking();
    if (tracking != null && !tracking.failed()) {
      return tracking;
    }
    List<Future<Void>> bound = new ArrayList<>();
    for (String pattern : Bindings.trackingPatterns(session.actor().customerId())) {
      bound.add(session.patterns().add(pattern) ? bindings.acquire(pattern) : bindings.ensure(pattern));
    }
    Future<Void> all = Future.all(bound).mapEmpty();
    session.tracking(all);
    return all;
  }

  private boolean readable(Actor actor, UUID chatId) {
    return DeliveryRule.readable(actor, memberships, channels, chatId);
  }

  private static TalkException notParticipant(UUID chatId) {
    return TalkException.denied(NOT_PARTICIPANT,
        "chat %s is neither a chat you participate in nor a public channel of your customer", chatId);
  }

  /**
   * The topics the session may still add: the per-session cap counts active topics and those being checked. The
   * topics over it are refused with ONE error frame ({@code topic} the first, {@code topics} all), so a flood of
   * frames cannot make the server flood its own outbound buffer.
   */
  private static List<Topic> withinCap(Session session, List<Topic> accepted) {
    List<Topic> kept = new ArrayList<>();
    Set<Topic> counted = new HashSet<>();
    JsonArray over = new JsonArray();
    int room = MAX_SESSION_TOPICS - session.topicsHeld();
    for (Topic topic : accepted) {
      if (session.topics().contains(topic) || counted.contains(topic)) {
        kept.add(topic);
      } else if (room > 0) {
        counted.add(topic);
        kept.add(topic);
        room--;
      } else {
        over.add(topic.toString());
      }
    }
    if (!over.isEmpty()) {
      session.send(PushFrames.error(over.getString(0), TalkException.exhausted(TOO_MANY_TOPICS, 1,
          "%d topic(s) over the limit of %d per session (active or being checked): unsubscribe some first",
          over.size(), MAX_SESSION_TOPICS)).put(PushFrames.TOPICS, over));
    }
    return kept;
  }

  private static void startCatchUp(Session session, UUID chatId, boolean readable, List<UUID> uncovered) {
    if (!covers(session.topics(), chatId)) {
      session.forgetCursor(chatId);
      uncovered.add(chatId);
    } else if (!readable) {
      session.forgetCursor(chatId);
      session.send(ResumeFrames.reset(chatId, NOT_PARTICIPANT, notParticipant(chatId).getMessage()));
    } else {
      session.catchUp(chatId);
    }
  }

  /**
   * One error frame for all resumed chats no topic covers (one frame per chat would let a single client frame fill
   * its own outbound buffer); {@code chat_id} names the first for clients that read one, {@code chat_ids} all.
   */
  private static void notCovered(Session session, List<UUID> chats) {
    refuse(session, chats, TalkException.invalid(RESUME_NOT_SUBSCRIBED,
        "%d resumed chat(s) are not covered by any topic of this subscription", chats.size()));
  }

  private static void refuse(Session session, List<UUID> chats, TalkException error) {
    if (chats.isEmpty()) {
      return;
    }
    JsonArray ids = new JsonArray();
    chats.forEach(id -> ids.add(id.toString()));
    session.send(PushFrames.error(error).put(ResumeFrames.CHAT_ID, chats.get(0).toString()).put("chat_ids", ids));
  }

  private void unsubscribe(Session session, List<String> texts) {
    List<Topic> removed = accepted(session, texts);
    session.topics().removeAll(removed);
    removed.forEach(t -> recipients.topicRemoved(session, t));
    List<Topic> released = new ArrayList<>();
    for (Topic topic : removed) {
      if (session.held().remove(topic)) {
        released.add(topic);
      }
    }
    chatBindings.release(session.actor(), released);
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
