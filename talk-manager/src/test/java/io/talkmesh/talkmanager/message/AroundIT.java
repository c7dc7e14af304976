package io.talkmesh.talkmanager.message;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static io.talkmesh.talkmanager.TalkRpc.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.json.WindowCursor;
import io.talkmesh.common.model.Actor;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A chat's messages around an anchor through talk-manager's RPC route on a real database. */
class AroundIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  /** A group chat of alice and bob with {@code n} messages by alice; their ids oldest first. */
  private static List<String> chatWith(int n, String[] chatId) {
    chatId[0] = rpc.newChat(rpc.alice(), "group", rpc.bob());
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sent.add(rpc.send(rpc.alice(), chatId[0], "m" + i));
    }
    return sent;
  }

  @Test
  void aWindowHoldsTheAnchorAndItsNeighboursNewestFirstLikeTheList() {
    String[] chat = new String[1];
    List<String> m = chatWith(10, chat);
    JsonObject window = around(rpc.bob(), chat[0], "anchor=" + m.get(5) + "&num_before=2&num_after=3");
    assertThat(ids(window)).containsExactly(m.get(8), m.get(7), m.get(6), m.get(5), m.get(4), m.get(3));
    assertThat(window.getString("anchor_id")).isEqualTo(m.get(5));
    assertThat(window.getBoolean("has_older")).isTrue();
    assertThat(window.getBoolean("has_newer")).isTrue();
    JsonObject all = around(rpc.bob(), chat[0], "anchor=" + m.get(5));
    List<String> listed = ids(rpc.ok(rpc.bob(), "GET", "/v1/messages?chat_id=" + chat[0]));
    assertThat(ids(all)).as("20 each side by default: the whole chat, in the list's order").isEqualTo(listed);
    assertThat(all.getBoolean("has_older")).isFalse();
    assertThat(all.getBoolean("has_newer")).isFalse();
    JsonObject alone = around(rpc.bob(), chat[0], "anchor=" + m.get(0) + "&num_before=0&num_after=0");
    assertThat(ids(alone)).containsExactly(m.get(0));
    assertThat(alone.getBoolean("has_older")).isFalse();
    assertThat(alone.getBoolean("has_newer")).isTrue();
  }

  @Test
  void theCursorsContinueEachWayWithoutGapsOrRepeats() {
    String[] chat = new String[1];
    List<String> m = chatWith(12, chat);
    JsonObject window = around(rpc.bob(), chat[0], "anchor=" + m.get(6) + "&num_before=1&num_after=1");
    List<String> seen = new ArrayList<>(ids(window));
    String older = window.getString("older_page_token");
    while (true) {
      JsonObject page = around(rpc.bob(), chat[0], "page_token=" + older + "&num_before=2&num_after=50");
      assertThat(page.getString("anchor_id")).isEmpty();
      assertThat(page.getBoolean("has_newer")).isTrue();
      if (page.getJsonArray("result").isEmpty()) {
        assertThat(page.getBoolean("has_older")).isFalse();
        break;
      }
      assertThat(page.getJsonArray("result").size()).isLessThanOrEqualTo(2);
      seen.addAll(ids(page));
      older = page.getString("older_page_token");
      if (!page.getBoolean("has_older")) {
        break;
      }
    }
    String newer = window.getString("newer_page_token");
    List<String> newerSeen = new ArrayList<>();
    JsonObject last;
    do {
      last = around(rpc.bob(), chat[0], "page_token=" + newer + "&num_before=50&num_after=3");
      assertThat(last.getBoolean("has_older")).isTrue();
      List<String> page = ids(last);
      Collections.reverse(page);
      newerSeen.addAll(page);
      newer = last.getString("newer_page_token");
    } while (last.getBoolean("has_newer"));
    Collections.reverse(newerSeen);
    List<String> all = new ArrayList<>(newerSeen);
    all.addAll(seen);
    List<String> expected = new ArrayList<>(m);
    Collections.reverse(expected);
    assertThat(all).isEqualTo(expected);

    JsonObject nothingYet = around(rpc.bob(), chat[0], "page_token=" + newer);
    assertThat(nothingYet.getJsonArray("result")).isEmpty();
    assertThat(nothingYet.getBoolean("has_newer")).isFalse();
    String later = rpc.send(rpc.alice(), chat[0], "later");
    assertThat(ids(around(rpc.bob(), chat[0], "page_token=" + nothingYet.getString("newer_page_token"))))
        .as("the newer cursor of the newest edge finds what arrived since").containsExactly(later);
  }

  @Test
  void aWindowOfLargeMessagesStopsAtTheReplysByteBudgetKeepingTheAnchorAndItsNearestNeighbours() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    List<String> m = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      m.add(rpc.send(rpc.alice(), chat, i + "x".repeat(60_000)));
    }
    JsonObject window = around(rpc.bob(), chat, "anchor=" + m.get(15) + "&num_before=20&num_after=20");
    List<String> shown = ids(window);
    assertThat(window.toBuffer().length()).isLessThanOrEqualTo(io.talkmesh.common.json.PageRequest.MAX_BYTES + 1024);
    assertThat(shown.size()).as("cut short of 31").isBetween(10, 20);
    int anchorAt = shown.indexOf(m.get(15));
    assertThat(Math.abs(anchorAt - (shown.size() - 1 - anchorAt))).as("as many on each side, give or take one")
        .isLessThanOrEqualTo(1);
    assertThat(window.getBoolean("has_older")).isTrue();
    assertThat(window.getBoolean("has_newer")).isTrue();
    List<String> next = ids(around(rpc.bob(), chat, "page_token=" + window.getString("older_page_token")
        + "&num_before=100"));
    assertThat(next).isNotEmpty().startsWith(m.get(m.indexOf(shown.get(shown.size() - 1)) - 1));
  }

  @Test
  void firstUnreadIsTheFirstMessageAfterThePointerThatCountsForTheReader() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String read = rpc.send(rpc.alice(), chat, "read");
    rpc.ok(rpc.bob(), "POST", "/v1/chats/" + chat + "/read", new JsonObject().put("message_id", read));
    rpc.send(rpc.bob(), chat, "bob's own");
    String deleted = rpc.send(rpc.alice(), chat, "deleted");
    rpc.ok(rpc.alice(), "DELETE", "/v1/messages/" + deleted, null);
    String unread = rpc.send(rpc.alice(), chat, "the first unread");
    rpc.send(rpc.alice(), chat, "the next");
    JsonObject window = around(rpc.bob(), chat, "anchor=first_unread&num_before=1&num_after=1");
    assertThat(window.getString("anchor_id")).isEqualTo(unread);
    assertThat(ids(window)).hasSize(3).contains(deleted);
    rpc.ok(rpc.bob(), "POST", "/v1/chats/" + chat + "/read", new JsonObject());
    String newest = rpc.send(rpc.bob(), chat, "bob's newest");
    assertThat(around(rpc.bob(), chat, "anchor=first_unread").getString("anchor_id"))
        .as("nothing unread: the newest").isEqualTo(newest);
    assertThat(around(rpc.bob(), chat, "anchor=newest&num_before=0").getString("anchor_id")).isEqualTo(newest);
    assertThat(around(rpc.bob(), chat, "").getString("anchor_id")).as("newest is the default").isEqualTo(newest);
  }

  @Test
  void aReaderWithoutAPointerAndAnEmptyChatHaveTheNewestOrNothing() {
    String channel = rpc.newChat(rpc.alice(), "talk");
    Actor reader = rpc.newAgent(rpc.admin());
    JsonObject empty = around(reader, channel, "anchor=first_unread");
    assertThat(empty.getJsonArray("result")).isEmpty();
    assertThat(empty.getString("anchor_id")).isEmpty();
    assertThat(empty.getString("older_page_token")).isEmpty();
    assertThat(empty.getBoolean("has_newer")).isFalse();
    String only = rpc.send(rpc.alice(), channel, "hello");
    assertThat(around(reader, channel, "anchor=first_unread").getString("anchor_id")).isEqualTo(only);
  }

  @Test
  void deletedMessagesShowAsTheListShowsThemAndMayBeAnchors() {
    String[] chat = new String[1];
    List<String> m = chatWith(3, chat);
    rpc.ok(rpc.alice(), "DELETE", "/v1/messages/" + m.get(1), null);
    JsonObject window = around(rpc.bob(), chat[0], "anchor=" + m.get(1));
    assertThat(window.getString("anchor_id")).isEqualTo(m.get(1));
    JsonObject deleted = window.getJsonArray("result").getJsonObject(1);
    assertThat(deleted).isEqualTo(rpc.ok(rpc.bob(), "GET", "/v1/messages?chat_id=" + chat[0]).getJsonArray("result")
        .getJsonObject(1));
    assertThat(deleted.getString("tm_delete")).isNotEmpty();
    assertThat(deleted.getString("text")).isEmpty();
  }

  @Test
  void anAnchorOutsideTheChatIsNotFoundAndOnlyReadersOpenAWindow() {
    String[] chat = new String[1];
    chatWith(1, chat);
    String other = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String elsewhere = rpc.send(rpc.alice(), other, "elsewhere");
    assertRefused(call(rpc.bob(), chat[0], "anchor=" + elsewhere), Status.NOT_FOUND, "MESSAGE_NOT_FOUND");
    assertRefused(call(rpc.bob(), chat[0], "anchor=" + UUID.randomUUID()), Status.NOT_FOUND, "MESSAGE_NOT_FOUND");
    Actor stranger = rpc.newCustomerAdmin();
    String theirs = rpc.newChat(stranger, "talk");
    String theirMessage = rpc.send(stranger, theirs, "theirs");
    assertRefused(call(rpc.bob(), chat[0], "anchor=" + theirMessage), Status.NOT_FOUND, "MESSAGE_NOT_FOUND");
    assertRefused(call(rpc.bob(), theirs, "anchor=" + theirMessage), Status.NOT_FOUND, "CHAT_NOT_FOUND");
    assertRefused(call(rpc.newAgent(rpc.admin()), chat[0], "anchor=newest"), Status.PERMISSION_DENIED,
        "NOT_PARTICIPANT");
  }

  @Test
  void badParametersAre400AndCountsAreClamped() {
    String[] chat = new String[1];
    List<String> m = chatWith(3, chat);
    assertRefused(call(rpc.bob(), chat[0], "anchor=oldest"), Status.INVALID_ARGUMENT, "INVALID_ANCHOR");
    assertRefused(call(rpc.bob(), chat[0], "anchor=" + m.get(0).substring(1)), Status.INVALID_ARGUMENT, "INVALID_ANCHOR");
    assertRefused(call(rpc.bob(), chat[0], "page_token=nonsense"), Status.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN");
    String token = new WindowCursor(true, Instant.now(), UUID.randomUUID()).token();
    assertRefused(call(rpc.bob(), chat[0], "anchor=newest&page_token=" + token), Status.INVALID_ARGUMENT,
        "INVALID_ANCHOR");
    assertRefused(call(rpc.bob(), chat[0], "num_before=ten"), Status.INVALID_ARGUMENT, "INVALID_NUM_BEFORE");
    assertRefused(call(rpc.bob(), chat[0], "num_after=1.5"), Status.INVALID_ARGUMENT, "INVALID_NUM_AFTER");
    assertThat(ids(around(rpc.bob(), chat[0], "anchor=" + m.get(1) + "&num_before=-5&num_after=99999999999999")))
        .containsExactly(m.get(2), m.get(1));
  }

  private static JsonObject around(Actor actor, String chat, String query) {
    return rpc.ok(actor, "GET", "/v1/chats/" + chat + "/messages/around?" + query);
  }

  private static io.talkmesh.common.rpc.RpcResponse call(Actor actor, String chat, String query) {
    return rpc.get(actor, "/v1/chats/" + chat + "/messages/around?" + query);
  }
}
