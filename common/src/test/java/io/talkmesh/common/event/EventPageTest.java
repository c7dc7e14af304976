package io.talkmesh.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The event-log page on the wire: {@code {"chat_id","events":[{"id","type","seq","data"}],"reset","has_more"}}. */
class EventPageTest {
  private static final UUID CHAT = UUID.randomUUID();

  private static LoggedEvent event(long seq) {
    return new LoggedEvent(UUID.randomUUID(), EventType.CHATMESSAGE_CREATED, seq,
        new JsonObject().put("id", UUID.randomUUID().toString()).put("text", "héllo 👋"));
  }

  @Test
  void aPageEncodesToTheWireShapeInFieldOrder() {
    LoggedEvent event = event(7);
    JsonObject json = EventPage.of(CHAT, List.of(event), true).toJson();
    assertThat(json.encode()).isEqualTo(new JsonObject()
        .put("chat_id", CHAT.toString())
        .put("events", new JsonArray().add(new JsonObject().put("id", event.id().toString())
            .put("type", "chatmessage_created").put("seq", 7L).put("data", event.data())))
        .put("reset", false)
        .put("has_more", true).encode());
  }

  @Test
  void aPageRoundTrips() {
    EventPage page = EventPage.of(CHAT, List.of(event(1), event(2)), false);
    assertThat(EventPage.fromJson(page.toJson())).isEqualTo(page);
    assertThat(EventPage.fromJson(new JsonObject(page.toJson().encode()))).isEqualTo(page);
  }

  @Test
  void aPurgedPageIsAResetWithoutEvents() {
    JsonObject json = EventPage.purged(CHAT).toJson();
    assertThat(json.getBoolean("reset")).isTrue();
    assertThat(json.getJsonArray("events")).isEmpty();
    assertThat(json.getBoolean("has_more")).isFalse();
    assertThat(EventPage.fromJson(json)).isEqualTo(EventPage.purged(CHAT));
  }

  @Test
  void aPageWithoutHasMoreSaysNothingAboutMore() {
    JsonObject json = EventPage.of(CHAT, List.of(event(1)), false).toJson();
    json.remove("has_more");
    EventPage page = EventPage.fromJson(json);
    assertThat(page.hasMore()).isNull();
    assertThat(page.toJson().containsKey("has_more")).isFalse();
  }

  @Test
  void aLoggedEventPushesTheSameFrameAsTheLiveEvent() {
    LoggedEvent logged = event(3);
    Event live = new Event(logged.id(), UUID.randomUUID(), CHAT, 3, logged.type(), logged.data(), "", null);
    assertThat(logged.toFrame()).isEqualTo(live.toFrame());
  }

  @Test
  void malformedPagesAreRefused() {
    assertThatThrownBy(() -> EventPage.fromJson(new JsonObject().put("events", new JsonArray())))
        .isInstanceOf(IllegalArgumentException.class);
    JsonObject unknownType = EventPage.of(CHAT, List.of(event(1)), false).toJson();
    unknownType.getJsonArray("events").getJsonObject(0).put("type", "chat_exploded");
    assertThatThrownBy(() -> EventPage.fromJson(unknownType)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chat_exploded");
  }

  @Test
  void eventDataIsReadAsItsModelOrNotAtAll() {
    assertThat(Event.decodeData(new JsonObject().put("n", 1), json -> json.getInteger("n"))).contains(1);
    assertThat(Event.decodeData(new JsonObject(), json -> UUID.fromString(json.getString("id")))).isEmpty();
    assertThat(Event.decodeData(null, json -> json)).isEmpty();
  }
}
