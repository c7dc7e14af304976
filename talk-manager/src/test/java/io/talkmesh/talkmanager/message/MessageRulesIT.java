package io.talkmesh.talkmanager.message;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static io.talkmesh.talkmanager.TalkRpc.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.rpc.RpcRequest;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may send, edit, delete and react to messages, threads, bounds and paging, through the RPC routes. */
class MessageRulesIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  private static String chat;

  @BeforeAll
  static void groupOfAliceAndBob() {
    chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
  }

  static Stream<Arguments> invalidMessages() {
    return Stream.of(
        Arguments.of("no chat_id", new JsonObject().put("text", "hi"), "INVALID_ID"),
        Arguments.of("chat_id not a UUID", new JsonObject().put("chat_id", "nope").put("text", "hi"), "INVALID_ID"),
        Arguments.of("system type", body().put("type", "system"), "INVALID_MESSAGE_TYPE"),
        Arguments.of("no text nor medias", body(), "EMPTY_MESSAGE"),
        Arguments.of("text over 65536 characters", body().put("text", "x".repeat(65_537)), "FIELD_TOO_LONG"),
        Arguments.of("21 medias", body().put("medias", medias(21)), "TOO_MANY_MEDIAS"));
  }

  @ParameterizedTest(name = "{0}: 400 {2}")
  @MethodSource("invalidMessages")
  void invalidMessagesAreRefused(String what, JsonObject message, String reason) {
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/messages", message), Status.INVALID_ARGUMENT, reason);
  }

  @Test
  void nonParticipantCannotSendEvenToAPublicChat() {
    String channel = rpc.newChat(rpc.alice(), "talk");
    assertRefused(rpc.call(rpc.carol(), "POST", "/v1/messages", new JsonObject().put("chat_id", channel).put("text", "hi")),
        Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
  }

  @Test
  void agentOfAnotherCustomerSeesNeitherChatNorMessage() {
    String id = rpc.send(rpc.alice(), chat, "internal");
    Actor stranger = rpc.newCustomerAdmin();
    assertRefused(rpc.call(stranger, "POST", "/v1/messages", new JsonObject().put("chat_id", chat).put("text", "hi")),
        Status.NOT_FOUND, "CHAT_NOT_FOUND");
    assertRefused(rpc.get(stranger, "/v1/messages/" + id), Status.NOT_FOUND, "MESSAGE_NOT_FOUND");
  }

  @ParameterizedTest(name = "{0} by another participant: 403 NOT_AUTHOR")
  @ValueSource(strings = {"PUT", "DELETE"})
  void onlyTheAuthorMayChangeAMessage(String method) {
    String id = rpc.send(rpc.alice(), chat, "mine");
    assertRefused(rpc.call(rpc.bob(), method, "/v1/messages/" + id, new JsonObject().put("text", "yours")),
        Status.PERMISSION_DENIED, "NOT_AUTHOR");
    assertThat(rpc.ok(rpc.bob(), "GET", "/v1/messages/" + id).getString("text")).isEqualTo("mine");
  }

  @Test
  void authorEditsTheText() {
    String id = rpc.send(rpc.alice(), chat, "draft");
    assertThat(rpc.ok(rpc.alice(), "PUT", "/v1/messages/" + id, new JsonObject().put("text", "final")).getString("text"))
        .isEqualTo("final");
    assertThat(rpc.ok(rpc.bob(), "GET", "/v1/messages/" + id).getString("text")).isEqualTo("final");
  }

  @Test
  void deletedMessageIsBlankedAndRefusesChanges() {
    String id = rpc.send(rpc.alice(), chat, "secret");
    rpc.ok(rpc.bob(), "POST", "/v1/messages/" + id + "/reactions", new JsonObject().put("emoji", "👍"));
    rpc.ok(rpc.alice(), "DELETE", "/v1/messages/" + id);

    JsonObject read = rpc.ok(rpc.bob(), "GET", "/v1/messages/" + id);
    assertThat(read.getString("tm_delete")).isNotEmpty();
    assertThat(read.getString("text")).isEmpty();
    assertThat(reactions(read)).isEmpty();
    assertRefused(rpc.call(rpc.alice(), "PUT", "/v1/messages/" + id, new JsonObject().put("text", "back")),
        Status.FAILED_PRECONDITION, "MESSAGE_DELETED");
    assertRefused(rpc.call(rpc.bob(), "POST", "/v1/messages/" + id + "/reactions", new JsonObject().put("emoji", "👍")),
        Status.FAILED_PRECONDITION, "MESSAGE_DELETED");
  }

  @Test
  void replyMustBeInItsParentsChat() {
    String other = rpc.newChat(rpc.alice(), "group");
    String parent = rpc.send(rpc.alice(), other, "elsewhere");
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/messages", body().put("text", "re").put("parent_id", parent)),
        Status.INVALID_ARGUMENT, "PARENT_IN_OTHER_CHAT");
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/messages",
        body().put("text", "re").put("parent_id", java.util.UUID.randomUUID().toString())), Status.NOT_FOUND,
        "PARENT_NOT_FOUND");
  }

  @Test
  void threadListsTheRepliesOfItsParent() {
    String parent = rpc.send(rpc.alice(), chat, "question");
    String reply = rpc.ok(rpc.bob(), "POST", "/v1/messages", body().put("text", "answer").put("parent_id", parent))
        .getString("id");
    rpc.send(rpc.bob(), chat, "unrelated");
    assertThat(ids(rpc.ok(rpc.alice(), "GET", "/v1/messages/" + parent + "/thread"))).containsExactly(reply);
  }

  @ParameterizedTest(name = "emoji ''{0}'' is refused")
  @ValueSource(strings = {"", " ", "thumbs up", "tab\t", "abcdefghijklmnopqrstuvwxyzabcdefg"})
  void malformedEmojiIsRefused(String emoji) {
    String id = rpc.send(rpc.alice(), chat, "react to me");
    assertRefused(rpc.call(rpc.bob(), "POST", "/v1/messages/" + id + "/reactions", new JsonObject().put("emoji", emoji)),
        Status.INVALID_ARGUMENT, "INVALID_EMOJI");
  }

  @Test
  void reactingTwiceWithTheSameEmojiCountsOnce() {
    String id = rpc.send(rpc.alice(), chat, "nice");
    rpc.ok(rpc.bob(), "POST", "/v1/messages/" + id + "/reactions", new JsonObject().put("emoji", "👍"));
    JsonObject again = rpc.ok(rpc.bob(), "POST", "/v1/messages/" + id + "/reactions", new JsonObject().put("emoji", "👍"));
    assertThat(reactions(again)).hasSize(1);
  }

  @Test
  void removingAReactionOneNeverMadeIsNotFound() {
    String id = rpc.send(rpc.alice(), chat, "plain");
    assertRefused(rpc.call(rpc.bob(), "DELETE", "/v1/messages/" + id + "/reactions?emoji=" + RpcRequest.encode("👍"), null),
        Status.NOT_FOUND, "REACTION_NOT_FOUND");
  }

  @Test
  void fiftyFirstDifferentEmojiIsRefused() {
    String id = rpc.send(rpc.alice(), chat, "popular");
    for (int i = 0; i < MessageBounds.MAX_EMOJI; i++) {
      rpc.ok(rpc.bob(), "POST", "/v1/messages/" + id + "/reactions", new JsonObject().put("emoji", "e" + i));
    }
    assertRefused(rpc.call(rpc.bob(), "POST", "/v1/messages/" + id + "/reactions", new JsonObject().put("emoji", "one-more")),
        Status.FAILED_PRECONDITION, "TOO_MANY_EMOJI");
  }

  @Test
  void chatMessagesArePagedNewestFirstWithoutOverlap() {
    String quiet = rpc.newChat(rpc.alice(), "group", rpc.bob());
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(0, rpc.send(i % 2 == 0 ? rpc.alice() : rpc.bob(), quiet, "message " + i));
    }
    JsonObject first = rpc.ok(rpc.bob(), "GET", "/v1/messages?chat_id=" + quiet + "&page_size=3");
    JsonObject second = rpc.ok(rpc.bob(), "GET", "/v1/messages?chat_id=" + quiet + "&page_size=3&page_token="
        + first.getString("next_page_token"));
    List<String> seen = new ArrayList<>(ids(first));
    seen.addAll(ids(second));
    assertThat(seen).containsExactlyElementsOf(sent);
    assertThat(second.getString("next_page_token")).as("a short page with items still carries a token").isNotEmpty();
    JsonObject third = rpc.ok(rpc.bob(), "GET", "/v1/messages?chat_id=" + quiet + "&page_size=3&page_token="
        + second.getString("next_page_token"));
    assertThat(ids(third)).as("the page after the last item").isEmpty();
    assertThat(third.getString("next_page_token")).isEmpty();
  }

  private static JsonObject body() {
    return new JsonObject().put("chat_id", chat);
  }

  private static JsonArray medias(int n) {
    JsonArray medias = new JsonArray();
    for (int i = 0; i < n; i++) {
      medias.add(new JsonObject().put("type", "link").put("url", "https://example.com/" + i));
    }
    return medias;
  }

  private static JsonArray reactions(JsonObject message) {
    return message.getJsonObject("metadata").getJsonArray("reactions");
  }
}
