package io.talkmesh.push.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.push.Topic;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Per-chat bindings by need, the switch to the customer's stream past the bound and back, without a hole. */
class ChatBindingsTest {
  private final UUID customer = UUID.randomUUID();
  private final Map<UUID, List<Participant>> chatsOf = new HashMap<>();
  private final Memberships memberships = new Memberships(a -> Future.succeededFuture(
      chatsOf.getOrDefault(a.ownerId(), List.of())));
  private final Channels channels = new Channels(a -> Future.succeededFuture(Set.of()));
  /** Patterns bound at the broker, with the promise that completes their binding. */
  private final Map<String, Promise<Void>> broker = new LinkedHashMap<>();
  private final List<String> unbound = new ArrayList<>();
  private final Bindings bindings = new Bindings(p -> broker.computeIfAbsent(p, x -> Promise.promise()).future(),
      p -> {
        broker.remove(p);
        unbound.add(p);
      });
  private final ChatBindings chatBindings = new ChatBindings(bindings, memberships, channels, 4);
  private long seq;

  private Actor agent(UUID... chats) {
    UUID id = UUID.randomUUID();
    List<Participant> ps = new ArrayList<>();
    for (UUID c : chats) {
      ps.add(new Participant(UUID.randomUUID(), customer, Agent.OWNER_TYPE, id, c, Instant.now()));
    }
    chatsOf.put(id, ps);
    Actor actor = new Actor(customer, Agent.OWNER_TYPE, id, Permission.AGENT.bit());
    memberships.load(actor);
    return actor;
  }

  private void completeAll() {
    new ArrayList<>(broker.values()).forEach(Promise::tryComplete);
  }

  private void added(UUID agentId, UUID chat) {
    memberships.beforeDelivery(new Event(UUID.randomUUID(), customer, chat, ++seq, EventType.CHATPARTICIPANT_ADDED,
        participant(agentId, chat), "r", Instant.now()));
  }

  private void removed(UUID agentId, UUID chat) {
    memberships.afterDelivery(new Event(UUID.randomUUID(), customer, chat, ++seq, EventType.CHATPARTICIPANT_REMOVED,
        participant(agentId, chat), "r", Instant.now()));
  }

  /** A participant event's data, as talk-manager publishes it. */
  private JsonObject participant(UUID agentId, UUID chat) {
    return new Participant(UUID.randomUUID(), customer, Agent.OWNER_TYPE, agentId, chat, Instant.now()).toJson();
  }

  private String chatPattern(UUID chat) {
    return customer + "." + chat + ".*";
  }

  @Test
  void anAgentWideTopicBindsItsChatsOnlyAndTheLastHolderUnbinds() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    Actor alice = agent(a, b);
    Future<Void> held = chatBindings.hold(alice, List.of(Topic.agentChats(alice.ownerId())));
    assertThat(broker.keySet()).as("its chats and its own stream")
        .containsExactlyInAnyOrder(chatPattern(a), chatPattern(b), chatPattern(alice.ownerId()));
    assertThat(held.isComplete()).as("held before the bindings are in place").isFalse();
    completeAll();
    assertThat(held.succeeded()).isTrue();
    Actor bob = agent(a);
    chatBindings.hold(bob, List.of(Topic.agentChats(bob.ownerId())));
    chatBindings.release(alice, List.of(Topic.agentChats(alice.ownerId())));
    assertThat(broker.keySet()).as("bob still needs a, and his stream")
        .containsExactlyInAnyOrder(chatPattern(a), chatPattern(bob.ownerId()));
    chatBindings.release(bob, List.of(Topic.agentChats(bob.ownerId())));
    assertThat(broker).isEmpty();
  }

  @Test
  void aChatJoinedLaterIsBoundAndActiveOnlyOnceTheBindingIsInPlace() {
    Actor alice = agent();
    chatBindings.hold(alice, List.of(Topic.agentChats(alice.ownerId())));
    UUID chat = UUID.randomUUID();
    assertThat(chatBindings.active(customer, chat).succeeded()).as("not needed: nothing to wait for").isTrue();
    added(alice.ownerId(), chat);
    Future<Void> active = chatBindings.active(customer, chat);
    assertThat(broker).containsKey(chatPattern(chat));
    assertThat(active.isComplete()).isFalse();
    broker.get(chatPattern(chat)).complete();
    assertThat(active.succeeded()).isTrue();
    removed(alice.ownerId(), chat);
    assertThat(broker).doesNotContainKey(chatPattern(chat));
  }

  @Test
  void pastTheBoundTheCustomerStreamIsBoundFirstThenBackWithHysteresis() {
    Actor alice = agent();
    chatBindings.hold(alice, List.of(Topic.agentChats(alice.ownerId())));
    List<UUID> chats = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      chats.add(UUID.randomUUID());
      added(alice.ownerId(), chats.get(i));
    }
    completeAll();
    assertThat(broker).as("3 chats and alice's own stream").hasSize(4);
    UUID fifth = UUID.randomUUID();
    added(alice.ownerId(), fifth);
    String stream = Event.customerPattern(customer);
    assertThat(chatBindings.coarse(customer)).isTrue();
    assertThat(broker).containsKey(stream);
    assertThat(unbound).as("per-chat bindings kept until the stream is bound").isEmpty();
    assertThat(chatBindings.active(customer, chats.get(0)).succeeded()).as("still bound by chat").isTrue();
    assertThat(chatBindings.active(customer, fifth).isComplete()).isFalse();
    broker.get(stream).complete();
    assertThat(chatBindings.active(customer, fifth).succeeded()).isTrue();
    assertThat(broker.keySet()).containsExactly(stream);
    // down to 3 (> 4 / 2): still the stream; down to 2: per chat again, the stream released once they are bound
    removed(alice.ownerId(), chats.get(0));
    removed(alice.ownerId(), chats.get(1));
    assertThat(chatBindings.coarse(customer)).isTrue();
    removed(alice.ownerId(), chats.get(2));
    assertThat(chatBindings.coarse(customer)).isFalse();
    assertThat(broker.keySet()).containsExactlyInAnyOrder(stream, chatPattern(alice.ownerId()), chatPattern(fifth));
    completeAll();
    assertThat(broker.keySet()).containsExactlyInAnyOrder(chatPattern(alice.ownerId()), chatPattern(fifth));
    assertThat(chatBindings.switches()).isEqualTo(2);
  }
}
