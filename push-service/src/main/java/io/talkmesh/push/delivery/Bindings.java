package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.push.Topic;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Which events this instance takes from the exchange, reference-counted over its sessions' topics, so an instance
 * receives only the customers and chats its sessions subscribed to. A topic that covers all chats of an agent or a
 * customer needs the customer's stream ({@code <customer_id>.#}): routing keys name no agent, and chats the agent
 * joins later must arrive without a new binding. A single-chat topic needs only that chat
 * ({@code <customer_id>.<chat_id>.*}), the common case of a public channel watched by id. The broker routes a
 * message to a queue once however many of its bindings match, and the dispatcher drops repeats by seq anyway.
 * Lives on one event loop.
 */
public final class Bindings {
  private final Function<String, Future<Void>> bind;
  private final Consumer<String> unbind;
  private final Map<String, Integer> holders = new HashMap<>();

  public Bindings(Function<String, Future<Void>> bind, Consumer<String> unbind) {
    this.bind = bind;
    this.unbind = unbind;
  }

  /** The binding pattern a topic of this customer needs. */
  public static String patternOf(UUID customerId, Topic topic) {
    return topic.isSingleChat() ? customerId + "." + topic.chatId() + ".*" : Event.customerPattern(customerId);
  }

  /**
   * The patterns every session binds for its customer, whatever its topics: the event types that change who may read
   * a chat (participants added and removed, chats created and deleted). They keep {@link Memberships} and
   * {@link Channels} exact on this instance even when its message bindings cover single chats only.
   */
  public static java.util.List<String> trackingPatterns(UUID customerId) {
    return java.util.stream.Stream.of(EventType.CHATPARTICIPANT_ADDED, EventType.CHATPARTICIPANT_REMOVED,
        EventType.CHAT_CREATED, EventType.CHAT_DELETED).map(t -> customerId + ".*." + t.wire()).toList();
  }

  /** One more holder of the pattern; completes once the pattern is bound. */
  public Future<Void> acquire(String pattern) {
    holders.merge(pattern, 1, Integer::sum);
    return bind.apply(pattern);
  }

  /** Binds a pattern already held again if its binding failed (no new holder); completes once it is bound. */
  public Future<Void> ensure(String pattern) {
    return bind.apply(pattern);
  }

  /** One holder fewer; the last one unbinds. */
  public void release(String pattern) {
    Integer held = holders.get(pattern);
    if (held == null) {
      return;
    }
    if (held > 1) {
      holders.put(pattern, held - 1);
    } else {
      holders.remove(pattern);
      unbind.accept(pattern);
    }
  }

  public int patterns() {
    return holders.size();
  }
}
