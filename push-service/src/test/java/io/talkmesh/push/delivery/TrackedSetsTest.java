package io.talkmesh.push.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Loads and reloads of the per-agent / per-customer views: coalesced, and exact whatever arrives meanwhile. */
class TrackedSetsTest {
  private final TrackedSets sets = new TrackedSets();
  private final UUID key = UUID.randomUUID();
  private final UUID chat = UUID.randomUUID();
  private final List<Promise<Collection<UUID>>> fetches = new ArrayList<>();

  private Future<Collection<UUID>> fetch() {
    Promise<Collection<UUID>> p = Promise.promise();
    fetches.add(p);
    return p.future();
  }

  @Test
  void manyReloadsWhileOneIsInFlightShareOneMoreFetch() {
    sets.load(key, this::fetch);
    fetches.get(0).complete(Set.of());
    Future<Void> first = sets.refresh(key, this::fetch);
    List<Future<Void>> waiting = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      waiting.add(sets.refresh(key, this::fetch));
    }
    assertThat(fetches).as("fetches: the load and one reload in flight").hasSize(2);
    fetches.get(1).complete(Set.of());
    assertThat(first.succeeded()).isTrue();
    assertThat(fetches).as("the 50 callers that came during the reload share the next one").hasSize(3);
    fetches.get(2).complete(Set.of(chat));
    assertThat(waiting).allMatch(Future::succeeded);
    assertThat(sets.contains(key, chat)).isTrue();
  }

  @Test
  void aChangeThatArrivesDuringAReloadIsKept() {
    sets.load(key, this::fetch);
    fetches.get(0).complete(Set.of(chat));
    sets.refresh(key, this::fetch);
    sets.change(key, chat, false);
    assertThat(sets.contains(key, chat)).as("applied at once").isFalse();
    fetches.get(1).complete(Set.of(chat));
    assertThat(sets.contains(key, chat)).as("the reload read before the removal; the removal is replayed").isFalse();
  }

  @Test
  void nothingIsKnownBeforeTheLoadNorAfterForget() {
    sets.load(key, this::fetch);
    assertThat(sets.contains(key, chat)).isFalse();
    fetches.get(0).complete(Set.of(chat));
    assertThat(sets.contains(key, chat)).isTrue();
    sets.forget(key);
    assertThat(sets.contains(key, chat)).isFalse();
  }
}
