package io.talkmesh.push.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.model.Presence;
import io.talkmesh.push.delivery.Bindings;
import io.talkmesh.push.delivery.FakeSubscriber;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The presence feed's bindings, coalescing and frames, on the production code with a recording subscriber. */
class PresenceFeedTest {
  private final UUID customer = UUID.randomUUID();
  private final List<String> bound = new ArrayList<>();
  private final List<String> unbound = new ArrayList<>();
  private final List<Runnable> later = new ArrayList<>();
  private final PresenceFeed feed = new PresenceFeed(new Bindings(p -> {
    bound.add(p);
    return Future.succeededFuture();
  }, unbound::add), later::add);
  private final Instant t0 = Instant.parse("2026-12-03T10:00:00Z");
  private final UUID alice = UUID.randomUUID();

  @Test
  void theCustomersChangesAreBoundWhileOneSessionSubscribes() {
    FakeSubscriber one = subscriber(customer);
    FakeSubscriber two = subscriber(customer);
    feed.subscribe(one);
    feed.subscribe(two);
    feed.subscribe(two);
    assertThat(bound).containsOnly(PresenceFeed.pattern(customer));
    assertThat(PresenceFeed.pattern(customer)).isEqualTo(customer + ".*.agent_presence_updated");
    feed.unsubscribe(one);
    assertThat(unbound).isEmpty();
    feed.unsubscribe(two);
    feed.unsubscribe(two);
    assertThat(unbound).containsExactly(PresenceFeed.pattern(customer));
    assertThat(feed.subscribers()).isZero();
  }

  @Test
  void eachSubscriberGetsOneFramePerTickWithEachAgentsNewestChange() {
    FakeSubscriber watcher = subscriber(customer);
    feed.subscribe(watcher);
    UUID bob = UUID.randomUUID();
    feed.onEvent(event(alice, "available", t0));
    feed.onEvent(event(bob, "busy", t0));
    feed.onEvent(event(alice, "offline", t0.plusSeconds(1)));
    feed.onEvent(event(alice, "away", t0.minusSeconds(1))); // late redelivery of an older change
    assertThat(watcher.frames).as("nothing before the tick").isEmpty();
    assertThat(feed.tick()).isEqualTo(1);
    assertThat(watcher.frames).hasSize(1);
    JsonObject frame = watcher.frames.get(0);
    assertThat(frame.getString("type")).isEqualTo("presence");
    assertThat(frame.getJsonObject("data").getJsonArray("agents").stream().map(JsonObject.class::cast)
        .map(e -> e.getString("agent_id") + "=" + e.getString("presence")))
        .containsExactly(alice + "=offline", bob + "=busy");
    assertThat(feed.tick()).as("nothing new").isZero();
  }

  /** A client that closed before its session knew it (the write throws) fails alone, and nothing is sent twice. */
  @Test
  void aSessionThatCannotTakeItsFrameFailsAlone() {
    FakeSubscriber broken = new FakeSubscriber(Actor.agent(customer, UUID.randomUUID(), Permission.AGENT.bit())) {
      @Override
      public Future<Void> push(String frame) {
        throw new IllegalStateException("WebSocket is closed");
      }
    };
    FakeSubscriber fine = subscriber(customer);
    feed.subscribe(broken);
    feed.subscribe(fine);
    feed.onEvent(event(alice, "available", t0));
    feed.tick();
    feed.tick();
    assertThat(fine.frames).hasSize(1);
  }

  @Test
  void aBigCustomersFrameGoesOutInBatchesOverLaterTurns() {
    List<FakeSubscriber> all = new ArrayList<>();
    for (int i = 0; i < PresenceFeed.WRITE_BATCH * 2 + 10; i++) {
      FakeSubscriber s = subscriber(customer);
      all.add(s);
      feed.subscribe(s);
    }
    feed.onEvent(event(alice, "available", t0));
    assertThat(feed.tick()).isEqualTo(all.size());
    assertThat(all.stream().filter(s -> !s.frames.isEmpty())).hasSize(PresenceFeed.WRITE_BATCH);
    while (!later.isEmpty()) {
      later.remove(0).run();
    }
    assertThat(all).allSatisfy(s -> assertThat(s.frames).hasSize(1));
    assertThat(feed.frames()).isEqualTo(all.size());
  }

  @Test
  void anotherCustomersChangesReachNobodyHere() {
    FakeSubscriber watcher = subscriber(customer);
    feed.subscribe(watcher);
    feed.onEvent(event(UUID.randomUUID(), UUID.randomUUID(), "available", t0));
    feed.tick();
    assertThat(watcher.frames).isEmpty();
  }

  @Test
  void aTickOfManyChangesIsSplitIntoBoundedFrames() {
    FakeSubscriber watcher = subscriber(customer);
    feed.subscribe(watcher);
    for (int i = 0; i < PresenceFeed.MAX_ENTRIES * 2 + 1; i++) {
      feed.onEvent(event(UUID.randomUUID(), "available", t0));
    }
    assertThat(feed.tick()).isEqualTo(3);
    assertThat(watcher.frames.stream().mapToInt(f -> f.getJsonObject("data").getJsonArray("agents").size()))
        .containsExactly(PresenceFeed.MAX_ENTRIES, PresenceFeed.MAX_ENTRIES, 1);
  }

  @Test
  void aMalformedEventIsIgnored() {
    FakeSubscriber watcher = subscriber(customer);
    feed.subscribe(watcher);
    feed.onEvent(new Event(UUID.randomUUID(), customer, alice, 1, EventType.AGENT_PRESENCE_UPDATED,
        new JsonObject().put("agent_id", "nope"), "", t0));
    assertThat(feed.tick()).isZero();
    assertThat(feed.events()).isZero();
  }

  private FakeSubscriber subscriber(UUID customerId) {
    return new FakeSubscriber(Actor.agent(customerId, UUID.randomUUID(), Permission.AGENT.bit()));
  }

  private Event event(UUID agent, String presence, Instant at) {
    return event(customer, agent, presence, at);
  }

  private static Event event(UUID customerId, UUID agent, String presence, Instant at) {
    return new Event(UUID.randomUUID(), customerId, agent, 1, EventType.AGENT_PRESENCE_UPDATED,
        new Presence(agent, customerId, presence, presence, at).toJson(), "", at);
  }
}
