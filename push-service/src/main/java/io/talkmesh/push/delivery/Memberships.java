package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Participant;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * For each agent with a session here, the chats it participates in: loaded once from talk-manager, then kept up to
 * date from the participant and chat-deleted events, so delivering an event needs no RPC. Those events reach this
 * instance whatever topics its sessions hold: every session binds its customer's membership-changing event types
 * ({@link Bindings#trackingPatterns}) before the load, so the view is exact however narrow the message bindings are.
 * Lives on one event loop; not thread-safe.
 */
public final class Memberships {
  private final Function<Actor, Future<List<Participant>>> loader;
  private final TrackedSets agents = new TrackedSets();
  /** The reverse view: for each chat, the tracked agents that participate in it (what delivery looks up). */
  private final Map<UUID, Set<UUID>> byChat = new HashMap<>();
  private TrackedSets.Listener listener = (a, c, added) -> { };

  /** @param loader the agent's own participations (talk-manager's {@code GET /v1/participants}) */
  public Memberships(Function<Actor, Future<List<Participant>>> loader) {
    this.loader = loader;
    agents.listener((agent, chat, added) -> {
      if (added) {
        byChat.computeIfAbsent(chat, c -> new HashSet<>()).add(agent);
      } else {
        Set<UUID> members = byChat.get(chat);
        if (members != null && members.remove(agent) && members.isEmpty()) {
          byChat.remove(chat);
        }
      }
      listener.changed(agent, chat, added);
    });
  }

  /** Told whenever an agent's visible chats change (loads, events, forgets), after the views are updated. */
  public void onChange(TrackedSets.Listener listener) {
    this.listener = listener;
  }

  /** The tracked agents that participate in the chat (do not modify). */
  public Set<UUID> agentsIn(UUID chatId) {
    Set<UUID> members = byChat.get(chatId);
    return members == null ? Set.of() : Collections.unmodifiableSet(members);
  }

  /** The agent's chats as far as they are loaded (empty until then; do not modify). */
  public Set<UUID> chatsOf(UUID agentId) {
    return agents.of(agentId);
  }

  /** Loads the agent's chats unless they are loaded or loading; completes once {@link #participates} is exact. */
  public Future<Void> load(Actor actor) {
    return agents.load(actor.ownerId(), () -> fetch(actor));
  }

  /** Loads the agent's chats again (coalesced): a chat it joined a moment ago may not have reached us yet. */
  public Future<Void> refresh(Actor actor) {
    return agents.refresh(actor.ownerId(), () -> fetch(actor));
  }

  private Future<Collection<UUID>> fetch(Actor actor) {
    return loader.apply(actor).map(participants -> participants.stream().map(Participant::chatId).toList());
  }

  /** Stops tracking an agent (its last session closed). */
  public void forget(UUID agentId) {
    agents.forget(agentId);
  }

  /** Forgets every agent: their chats are loaded again at the next subscribe. */
  public void clear() {
    agents.clear();
  }

  public boolean participates(UUID agentId, UUID chatId) {
    return agents.contains(agentId, chatId);
  }

  /** Applied before an event is delivered: a newly added participant receives its own "added" event. */
  public void beforeDelivery(Event event) {
    if (event.type() == EventType.CHATPARTICIPANT_ADDED) {
      change(event.data(), event.chatId(), true);
    }
  }

  /** Applied after an event is delivered: a removed participant still receives its own removal. */
  public void afterDelivery(Event event) {
    if (event.type() == EventType.CHATPARTICIPANT_REMOVED) {
      change(event.data(), event.chatId(), false);
    } else if (event.type() == EventType.CHAT_DELETED) {
      List.copyOf(agentsIn(event.chatId())).forEach(agent -> agents.change(agent, event.chatId(), false));
    }
  }

  private void change(JsonObject data, UUID chatId, boolean added) {
    Event.decodeData(data, Participant::fromJson).filter(Participant::isAgent)
        .ifPresent(participant -> agents.change(participant.ownerId(), chatId, added));
  }
}
