package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.UUID;
import java.util.function.Function;

/**
 * For each customer with a session here, its live public {@code talk} channels: loaded once from talk-manager
 * ({@code GET /v1/channels}, every page), then kept current from {@code chat_created} and {@code chat_deleted}, which
 * every session binds for its customer ({@link Bindings#trackingPatterns}). Managers' {@code customer_id} topics
 * deliver a chat only when the manager participates in it or it is one of these, with no RPC per event.
 * Lives on one event loop; not thread-safe.
 */
public final class Channels {
  private final Function<Actor, Future<Collection<UUID>>> loader;
  private final TrackedSets customers = new TrackedSets();

  /** @param loader the ids of every live public channel of the actor's customer */
  public Channels(Function<Actor, Future<Collection<UUID>>> loader) {
    this.loader = loader;
  }

  /** Told whenever a customer's visible public channels change (loads, events, forgets). */
  public void onChange(TrackedSets.Listener listener) {
    customers.listener(listener);
  }

  /** The customer's public channels as far as they are loaded (empty until then; do not modify). */
  public java.util.Set<UUID> of(UUID customerId) {
    return customers.of(customerId);
  }

  public Future<Void> load(Actor actor) {
    return customers.load(actor.customerId(), () -> loader.apply(actor));
  }

  /** Loads the customer's channels again (coalesced): a channel created a moment ago may not have reached us yet. */
  public Future<Void> refresh(Actor actor) {
    return customers.refresh(actor.customerId(), () -> loader.apply(actor));
  }

  public boolean isPublic(UUID customerId, UUID chatId) {
    return customers.contains(customerId, chatId);
  }

  /** Stops tracking a customer (its last session here closed). */
  public void forget(UUID customerId) {
    customers.forget(customerId);
  }

  public void clear() {
    customers.clear();
  }

  /** A new public channel is public for its own {@code chat_created} already. */
  public void beforeDelivery(Event event) {
    if (event.type() == EventType.CHAT_CREATED
        && Event.decodeData(event.data(), Chat::fromJson).filter(chat -> chat.type() == ChatType.TALK).isPresent()) {
      customers.change(event.customerId(), event.chatId(), true);
    }
  }

  /** A deleted channel is still delivered its {@code chat_deleted}, then no more. */
  public void afterDelivery(Event event) {
    if (event.type() == EventType.CHAT_DELETED) {
      customers.change(event.customerId(), event.chatId(), false);
    }
  }
}
