package io.talkmesh.push.typing;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.push.Topic;
import io.talkmesh.common.push.Typing;
import io.talkmesh.push.delivery.Channels;
import io.talkmesh.push.delivery.Memberships;
import io.talkmesh.push.delivery.Recipients;
import io.talkmesh.push.delivery.FakeSubscriber;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Who is shown a typing signal, and how often: the receiving side, without sockets or a broker. */
class TypingSignalsTest {
  private final UUID customer = UUID.randomUUID();
  private final UUID chat = UUID.randomUUID();
  private final Map<UUID, List<Participant>> chatsOf = new HashMap<>();
  private final Memberships memberships = new Memberships(a -> Future.succeededFuture(
      chatsOf.getOrDefault(a.ownerId(), List.of())));
  private final Channels channels = new Channels(a -> Future.succeededFuture(Set.of()));
  private final Recipients recipients = new Recipients();
  private long now = TimeUnit.SECONDS.toNanos(1000);
  private final TypingSignals typing = new TypingSignals(null, memberships, channels, recipients, () -> now);

  private FakeSubscriber agent(UUID... chats) {
    UUID id = UUID.randomUUID();
    List<Participant> ps = new ArrayList<>();
    for (UUID c : chats) {
      ps.add(new Participant(UUID.randomUUID(), customer, Agent.OWNER_TYPE, id, c, Instant.now()));
    }
    chatsOf.put(id, ps);
    FakeSubscriber s = new FakeSubscriber(new Actor(customer, Agent.OWNER_TYPE, id, Permission.AGENT.bit()));
    s.topics.add(Topic.agentChats(id));
    memberships.load(s.actor);
    recipients.opened(s);
    return s;
  }

  private void signal(FakeSubscriber typist, boolean started) {
    typing.onSignal(new Typing(customer, chat, typist.actor.ownerId(), started).body());
  }

  @Test
  void theChatsOtherReadersAreShownItAndNobodyElse() {
    FakeSubscriber alice = agent(chat);
    FakeSubscriber alicesPhone = new FakeSubscriber(alice.actor);
    alicesPhone.topics.add(Topic.agentChats(alice.actor.ownerId()));
    recipients.opened(alicesPhone);
    FakeSubscriber bob = agent(chat);
    FakeSubscriber carol = agent();
    signal(alice, true);
    assertThat(bob.frames).hasSize(1);
    JsonObject data = bob.frames.get(0).getJsonObject("data");
    assertThat(bob.frames.get(0).getString("type")).isEqualTo("typing");
    assertThat(data.getString("agent_id")).isEqualTo(alice.actor.ownerId().toString());
    assertThat(data.getString("state")).isEqualTo("started");
    assertThat(data.getLong("expires_in_ms")).isEqualTo(Typing.EXPIRES_MS);
    assertThat(alice.frames).as("the typist's own sessions").isEmpty();
    assertThat(alicesPhone.frames).isEmpty();
    assertThat(carol.frames).as("not in the chat").isEmpty();
  }

  @Test
  void repeatedStartsAreCoalescedPerTypistAndAStopEndsIt() {
    FakeSubscriber alice = agent(chat);
    FakeSubscriber dave = agent(chat);
    FakeSubscriber bob = agent(chat);
    for (int i = 0; i < 50; i++) {
      signal(alice, true);
      signal(dave, true);
    }
    assertThat(bob.frames).as("one start per typist per interval").hasSize(2);
    now += TimeUnit.MILLISECONDS.toNanos(TypingSignals.START_EVERY_MS);
    signal(alice, true);
    assertThat(bob.frames).hasSize(3);
    signal(alice, false);
    signal(alice, false);
    assertThat(bob.frames.get(3).getJsonObject("data").getString("state")).isEqualTo("stopped");
    assertThat(bob.frames).as("a stop without a start shown is not pushed").hasSize(4);
  }

  @Test
  void aFullSessionDropsTheSignalAndStaysOpen() {
    FakeSubscriber alice = agent(chat);
    FakeSubscriber bob = agent(chat);
    bob.full = true;
    signal(alice, true);
    assertThat(bob.frames).isEmpty();
    assertThat(typing.dropped()).isEqualTo(1);
  }
}
