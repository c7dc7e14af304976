package io.talkmesh.push.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** When a catch-up fetches another page: the event log's {@code has_more}, or a full page from older talk-managers. */
class ResumePageTest {
  private static JsonArray events(int n) {
    JsonArray events = new JsonArray();
    for (int i = 1; i <= n; i++) {
      events.add(new JsonObject().put("seq", i));
    }
    return events;
  }

  @Test
  void aPageBoundedInBytesWithHasMoreIsFollowed() {
    assertThat(Resume.hasMore(new JsonObject().put("has_more", true), events(3))).isTrue();
  }

  @Test
  void aFullPageWithHasMoreFalseIsTheEnd() {
    assertThat(Resume.hasMore(new JsonObject().put("has_more", false), events(Resume.PAGE))).isFalse();
  }

  @Test
  void withoutTheFieldAFullPageHasMore() {
    assertThat(Resume.hasMore(new JsonObject(), events(Resume.PAGE))).isTrue();
    assertThat(Resume.hasMore(new JsonObject(), events(Resume.PAGE - 1))).isFalse();
  }

  @Test
  void anEmptyPageNeverLoopsEvenIfItSaysMore() {
    assertThat(Resume.hasMore(new JsonObject().put("has_more", true), new JsonArray())).isFalse();
  }
}
