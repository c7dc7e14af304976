package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Participant;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * For each agent with a session here, the chats it participates in: loaded once from talk-manager, then kept up to
 * date from the participant events themselves, so delivering an event needs no RPC. Changes that arrive while the
 * load is in flight are recorded and replayed over the loaded set, so the result is right whichever came first.
 * Lives on one event loop; not thread-safe.
 */
public final class Memberships {
  private final Function<Actor, Future<List<Participant>>> loader;
  private final Map<UUID, Membership> agents = new HashMap<>();

  /** @param loader the agent's own participations (talk-manager's {@code GET /v1/participants}) */
  public Memberships(Function<Actor, Future<List<Participant>>> loader) {
    this.loader = loader;
  }

  private static final class Membership {
    final Set<UUID> chats = new HashSet<>();
    List<Change> pending = new ArrayList<>();
    Future<Void> loaded;
  }

  private record Change(UUID chatId, boolean added) {
  }

  /** Loads the agent's chats unless they are loaded or loading; completes once {@link #participates} is exact. */
  public Future<Void> load(Actor actor) {
    UUID agentId = actor.ownerId();
    Membership existing = agents.get(agentId);
    if (existing != null && !existing.loaded.failed()) {
      return existing.loaded;
    }
    Membership membership = new Membership();
    agents.put(agentId, membership);
    Promise<Void> loaded = Promise.promise();
    membership.loaded = loaded.future();
    loader.apply(actor)
        .onSuccess(participants -> {
          participants.forEach(p -> membership.chats.add(p.chatId()));
          membership.pending.forEach(change -> apply(membership, change));
          membership.pending = null;
          loaded.complete();
        })
        .onFailure(err -> {
          agents.remove(agentId, membership);
          loaded.fail(err);
        });
    return membership.loaded;
  }

  /** Stops tracking an agent (its last session closed). */
  public void forget(UUID agentId) {
    agents.remove(agentId);
  }

  public boolean participates(UUID agentId, UUID chatId) {
    Membership m = agents.get(agentId);
    return m != null && m.pending == null && m.chats.contains(chatId);
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
      agents.values().forEach(m -> record(m, new Change(event.chatId(), false)));
    }
  }

  private void change(JsonObject participant, UUID chatId, boolean added) {
    if (participant == null || !Agent.OWNER_TYPE.equals(participant.getString("owner_type"))) {
      return;
    }
    Membership m;
    try {
      m = agents.get(UUID.fromString(participant.getString("owner_id", "")));
    } catch (IllegalArgumentException e) {
      return;
    }
    if (m != null) {
      record(m, new Change(chatId, added));
    }
  }

  private static void record(Membership m, Change change) {
    if (m.pending != null) {
      m.pending.add(change);
    } else {
      apply(m, change);
    }
  }

  private static void apply(Membership m, Change change) {
    if (change.added()) {
      m.chats.add(change.chatId());
    } else {
      m.chats.remove(change.chatId());
    }
  }
}
