package io.talkmesh.talkmanager.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-chat event log a session catches up from. {@link TalkRpc} runs no outbox relay, so every event here is
 * committed and not yet relayed: exactly the window in which push-service, having just bound a chat, reads the log
 * for what was published before its binding. An event already published is always committed, never always marked
 * relayed (the mark follows the broker's confirm), so the log must serve committed events or that window loses them.
 */
class EventLogIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  @Test
  void committedEventsAreServedBeforeTheRelayMarksThem() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String message = rpc.send(rpc.alice(), chat, "published before the reader's binding");

    JsonObject page = rpc.ok(rpc.bob(), "GET", "/v1/chats/" + chat + "/events?after_seq=0&limit=100");

    List<JsonObject> events = page.getJsonArray("events").stream().map(JsonObject.class::cast).toList();
    assertThat(events).extracting(e -> e.getLong("seq")).containsExactly(1L, 2L, 3L, 4L);
    assertThat(events.get(3).getString("type")).isEqualTo("chatmessage_created");
    assertThat(events.get(3).getJsonObject("data").getString("id")).isEqualTo(message);
    assertThat(page.getBoolean("has_more")).isFalse();
  }

  @Test
  void aPageEndsWhereTheCommittedLogEndsAndContinuesAfterIt() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    for (int i = 0; i < 3; i++) {
      rpc.send(rpc.alice(), chat, "m" + i);
    }
    JsonObject first = rpc.ok(rpc.bob(), "GET", "/v1/chats/" + chat + "/events?after_seq=0&limit=4");
    assertThat(first.getBoolean("has_more")).isTrue();
    JsonObject rest = rpc.ok(rpc.bob(), "GET", "/v1/chats/" + chat + "/events?after_seq=4&limit=100");
    assertThat(rest.getJsonArray("events").stream().map(e -> ((JsonObject) e).getLong("seq")).toList())
        .containsExactly(5L, 6L);
    assertThat(rest.getBoolean("has_more")).isFalse();
  }
}
