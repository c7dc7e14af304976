package io.talkmesh.push.typing;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.common.push.Typing;
import io.talkmesh.push.delivery.Channels;
import io.talkmesh.push.delivery.DeliveryRule;
import io.talkmesh.push.delivery.Memberships;
import io.talkmesh.push.delivery.Recipients;
import io.talkmesh.push.delivery.Subscriber;
import io.talkmesh.push.session.Session;
import io.talkmesh.common.bounded.LruMap;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Typing indicators (docs/websocket.md, "Typing"). A session's {@code typing_start} / {@code typing_stop} for a chat
 * its agent participates in goes out on the signal exchange, a start at most once per {@link #START_EVERY_MS} per
 * session and chat (a client repeating it on every keystroke costs one signal), a stop only after a start. Each
 * instance pushes a signal it receives to the chat's readers here ({@link Recipients}, {@link DeliveryRule}: who may
 * see the chat's events), the typist's own sessions aside, and coalesces: a typist's start reaches a session at most
 * once per {@link #START_EVERY_MS}, so a chat of 1,000 members with 10 typists costs each member at most 10 frames
 * per interval. Frames are offered, never queued past the session's buffer ({@link Session#offer}). Nothing is
 * stored; a typing line expires by itself on the client after {@link Typing#EXPIRES_MS} without a repeat.
 */
public final class TypingSignals {
  /** A start goes out, and is pushed, at most this often per session (sender) and per typist (receiver) and chat. */
  static final long START_EVERY_MS = 2000;
  public static final String NOT_PARTICIPANT = "NOT_PARTICIPANT";

  private final SignalQueue signals;
  private final Memberships memberships;
  private final Channels channels;
  private final Recipients recipients;
  private final LongSupplier clock;
  /** When each (chat, typist)'s last start was pushed here (nanos). */
  private final Map<String, Long> pushed = new LruMap<>(100_000);
  private long published;
  private long delivered;
  private long dropped;

  public TypingSignals(SignalQueue signals, Memberships memberships, Channels channels, Recipients recipients,
                       LongSupplier nanoClock) {
    this.signals = signals;
    this.memberships = memberships;
    this.channels = channels;
    this.recipients = recipients;
    this.clock = nanoClock;
  }

  /** A typing frame from a session: refused NOT_PARTICIPANT unless its agent is in the chat. */
  public void onFrame(Session session, UUID chatId, boolean started) {
    Actor actor = session.actor();
    participates(actor, chatId).onComplete(ar -> {
      if (ar.failed() || !ar.result()) {
        session.send(PushFrames.error(TalkException.denied(NOT_PARTICIPANT,
            "only participants of chat %s may say they are typing in it", chatId)));
        return;
      }
      boolean due = started ? session.typingStartDue(chatId, clock.getAsLong(),
          TimeUnit.MILLISECONDS.toNanos(START_EVERY_MS)) : session.typingStopDue(chatId);
      if (due) {
        Typing typing = new Typing(actor.customerId(), chatId, actor.ownerId(), started);
        signals.publish(typing.routingKey(), typing.body());
        published++;
      }
    });
  }

  /** A signal from the exchange (this or another instance's session). */
  public void onSignal(Buffer body) {
    Typing typing = Typing.fromBody(body);
    String key = typing.chatId() + "/" + typing.agentId();
    long now = clock.getAsLong();
    if (typing.started()) {
      Long last = pushed.get(key);
      if (last != null && now - last < TimeUnit.MILLISECONDS.toNanos(START_EVERY_MS)) {
        return;
      }
      pushed.put(key, now);
    } else if (pushed.remove(key) == null) {
      return; // a stop for a start nobody here was shown
    }
    String frame = typing.toFrame().encode();
    for (Subscriber s : recipients.ofChat(typing.customerId(), typing.chatId(), memberships, channels)) {
      if (!s.actor().ownerId().equals(typing.agentId())
          && DeliveryRule.receivesChat(s, memberships, channels, typing.customerId(), typing.chatId())) {
        if (s.offer(frame)) {
          delivered++;
        } else {
          dropped++;
        }
      }
    }
  }

  private Future<Boolean> participates(Actor actor, UUID chatId) {
    if (memberships.participates(actor.ownerId(), chatId)) {
      return Future.succeededFuture(true);
    }
    // not loaded here yet (no subscribe so far): load once; a loaded view follows the agent's joins and leaves, and
    // a refused frame costs no RPC (a hostile client naming other chats cannot make this instance ask talk-manager)
    return memberships.load(actor).map(v -> memberships.participates(actor.ownerId(), chatId));
  }

  public long published() {
    return published;
  }

  public long delivered() {
    return delivered;
  }

  public long dropped() {
    return dropped;
  }
}
