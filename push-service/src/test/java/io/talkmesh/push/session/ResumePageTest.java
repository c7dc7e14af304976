package io.talkmesh.push.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.event.EventPage;
import io.talkmesh.common.event.EventType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When a catch-up fetches another page: the event log's {@code has_more}, or a full page from older talk-managers. */
class ResumePageTest {
  private static JsonObject page(int n) {
    JsonArray events = new JsonArray();
    for (int i = 1; i <= n; i++) {
      events.add(new JsonObject().put("id", UUID.randomUUID().toString())
          .put("type", EventType.CHATMESSAGE_CREATED.wire()).put("seq", i).put("data", new JsonObject()));
    }
    return new JsonObject().put("chat_id", UUID.randomUUID().toString()).put("events", events).put("reset", false);
  }

  private static boolean hasMore(JsonObject page) {
    return Resume.hasMore(EventPage.fromJson(page));
  }

  @Test
  void aPageBoundedInBytesWithHasMoreIsFollowed() {
    assertThat(hasMore(page(3).put("has_more", true))).isTrue();
  }

  @Test
  void aFullPageWithHasMoreFalseIsTheEnd() {
    assertThat(hasMore(page(Resume.PAGE).put("has_more", false))).isFalse();
  }

  @Test
  void withoutTheFieldAFullPageHasMore() {
    assertThat(hasMore(page(Resume.PAGE))).isTrue();
    assertThat(hasMore(page(Resume.PAGE - 1))).isFalse();
  }

  @Test
  void anEmptyPageNeverLoopsEvenIfItSaysMore() {
    assertThat(hasMore(page(0).put("has_more", true))).isFalse();
  }
}
