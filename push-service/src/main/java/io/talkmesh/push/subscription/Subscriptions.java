package io.talkmesh.push.subscription;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.common.push.Topic;
import io.talkmesh.push.delivery.Memberships;
import io.talkmesh.push.session.Session;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a session's subscribe and unsubscribe frames. A refused topic gets its own error frame and the others
 * proceed. A subscription becomes active, and is acknowledged with "subscribed", only once the customer's events
 * are bound to this instance and (for agent topics) the agent's chats are loaded — binding first, so no event
 * published after the load can be missed.
 */
public final class Subscriptions {
  private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

  private final Function<UUID, Future<Void>> bindCustomer;
  private final Memberships memberships;

  public Subscriptions(Function<UUID, Future<Void>> bindCustomer, Memberships memberships) {
    this.bindCustomer = bindCustomer;
    this.memberships = memberships;
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
      subscribe(session, frame.topics());
    } else {
      unsubscribe(session, frame.topics());
    }
  }

  private void subscribe(Session session, List<String> texts) {
    List<Topic> accepted = accepted(session, texts);
    if (accepted.isEmpty()) {
      return;
    }
    boolean agentTopic = accepted.stream().anyMatch(t -> t.scope() == Topic.Scope.AGENT);
    bindCustomer.apply(session.actor().customerId())
        .compose(v -> agentTopic ? memberships.load(session.actor()) : Future.succeededFuture())
        .onSuccess(v -> {
          if (session.isOpen()) {
            session.topics().addAll(accepted);
            session.send(PushFrames.subscribed(accepted));
          }
        })
        .onFailure(err -> {
          LOG.warn("subscribe of agent {} failed: {}", session.actor().ownerId(), err.getMessage());
          TalkException error = err instanceof TalkException t ? t
              : TalkException.unavailable("SUBSCRIBE_FAILED", "the subscription could not be set up; retry");
          accepted.forEach(t -> session.send(PushFrames.error(t.toString(), error)));
        });
  }

  private void unsubscribe(Session session, List<String> texts) {
    List<Topic> removed = accepted(session, texts);
    session.topics().removeAll(removed);
    if (!removed.isEmpty()) {
      session.send(PushFrames.unsubscribed(removed));
    }
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
