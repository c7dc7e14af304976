package io.talkmesh.talkmanager.pin;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.model.Actor;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pins through talk-manager's RPC routes on a real database: who may pin, the list, events, limits, deleted messages. */
class PinIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  @Test
  void participantsPinAndEveryReaderListsThePinsNewestFirstWithTheirMessages() {
    String channel = rpc.newChat(rpc.alice(), "talk");
    rpc.ok(rpc.bob(), "POST", "/v1/chats/" + channel + "/join", new JsonObject());
    String first = rpc.send(rpc.alice(), channel, "first");
    String second = rpc.send(rpc.bob(), channel, "second");
    JsonObject pinned = pin(rpc.alice(), channel, first);
    assertThat(pinned.getString("chat_id")).isEqualTo(channel);
    assertThat(pinned.getString("message_id")).isEqualTo(first);
    assertThat(pinned.getString("owner_type")).isEqualTo("agent");
    assertThat(pinned.getString("owner_id")).isEqualTo(rpc.alice().ownerId().toString());
    assertThat(pinned.getString("tm_create")).isNotEmpty();
    assertThat(pinned.getJsonObject("message").getString("text")).isEqualTo("first");
    pin(rpc.bob(), channel, second);
    Actor reader = rpc.newAgent(rpc.admin());
    JsonObject list = rpc.ok(reader, "GET", "/v1/chats/" + channel + "/pins");
    assertThat(messageIds(list)).as("a reader of the public channel sees its pins").containsExactly(second, first);
    assertThat(list.getJsonArray("result").getJsonObject(1)).isEqualTo(pinned);
    assertThat(list.getString("next_page_token")).isNotEmpty();
  }

  @Test
  void pinningAPinnedMessageAnswersTheExistingPinAndEmitsNothing() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String message = rpc.send(rpc.alice(), chat, "important");
    JsonObject pinned = pin(rpc.alice(), chat, message);
    JsonObject again = pin(rpc.bob(), chat, message);
    assertThat(again).as("the first pin, pinner included").isEqualTo(pinned);
    List<Row> events = events(chat, "chatmessage_pinned");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getJsonObject("data")).as("the event carries the pin").isEqualTo(pinned);
  }

  @Test
  void anyParticipantUnpinsWithAnEventAndAnUnpinnedMessageIs404() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String message = rpc.send(rpc.alice(), chat, "for a while");
    JsonObject pinned = pin(rpc.alice(), chat, message);
    JsonObject unpinned = rpc.ok(rpc.bob(), "DELETE", "/v1/chats/" + chat + "/pins/" + message);
    assertThat(unpinned).as("the pin removed").isEqualTo(pinned);
    assertThat(rpc.ok(rpc.alice(), "GET", "/v1/chats/" + chat + "/pins").getJsonArray("result")).isEmpty();
    assertThat(events(chat, "chatmessage_unpinned")).extracting(r -> r.getJsonObject("data")).containsExactly(pinned);
    assertRefused(rpc.call(rpc.bob(), "DELETE", "/v1/chats/" + chat + "/pins/" + message, null), Status.NOT_FOUND,
        "PIN_NOT_FOUND");
  }

  @Test
  void readersWhoAreNotParticipantsMayNotPinOrUnpinAndPrivatePinsAreTheirsOnly() {
    String channel = rpc.newChat(rpc.alice(), "talk");
    String message = rpc.send(rpc.alice(), channel, "pin me");
    pin(rpc.alice(), channel, message);
    Actor reader = rpc.newAgent(rpc.admin());
    assertRefused(rpc.call(reader, "POST", "/v1/chats/" + channel + "/pins", new JsonObject().put("message_id", message)),
        Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
    assertRefused(rpc.call(reader, "DELETE", "/v1/chats/" + channel + "/pins/" + message, null),
        Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
    String group = rpc.newChat(rpc.alice(), "group", rpc.bob());
    assertRefused(rpc.call(reader, "GET", "/v1/chats/" + group + "/pins", null), Status.PERMISSION_DENIED,
        "NOT_PARTICIPANT");
  }

  @Test
  void aDeletedMessageCannotBePinnedAndItsPinDisappearsWithItsTextInTheEventLog() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String message = rpc.send(rpc.alice(), chat, "secret plan");
    pin(rpc.bob(), chat, message);
    rpc.ok(rpc.alice(), "DELETE", "/v1/messages/" + message, null);
    assertThat(rpc.ok(rpc.bob(), "GET", "/v1/chats/" + chat + "/pins").getJsonArray("result")).isEmpty();
    assertRefused(rpc.call(rpc.bob(), "DELETE", "/v1/chats/" + chat + "/pins/" + message, null), Status.NOT_FOUND,
        "PIN_NOT_FOUND");
    assertRefused(rpc.call(rpc.bob(), "POST", "/v1/chats/" + chat + "/pins", new JsonObject().put("message_id", message)),
        Status.NOT_FOUND, "MESSAGE_NOT_FOUND");
    JsonObject logged = events(chat, "chatmessage_pinned").get(0).getJsonObject("data");
    assertThat(logged.getJsonObject("message").getString("text")).as("the pin event's message is blanked").isEmpty();
    assertThat(logged.getString("message_id")).isEqualTo(message);
  }

  @Test
  void aMessageOfAnotherChatOrCustomerAndAnotherCustomersChatAreNotFound() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String other = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String elsewhere = rpc.send(rpc.alice(), other, "elsewhere");
    assertRefused(rpc.call(rpc.bob(), "POST", "/v1/chats/" + chat + "/pins", new JsonObject().put("message_id", elsewhere)),
        Status.NOT_FOUND, "MESSAGE_NOT_FOUND");
    Actor stranger = rpc.newCustomerAdmin();
    String theirs = rpc.newChat(stranger, "talk");
    String theirMessage = rpc.send(stranger, theirs, "theirs");
    assertRefused(rpc.call(rpc.bob(), "POST", "/v1/chats/" + chat + "/pins", new JsonObject()
        .put("message_id", theirMessage)), Status.NOT_FOUND, "MESSAGE_NOT_FOUND");
    for (String method : List.of("GET", "POST")) {
      assertRefused(rpc.call(rpc.bob(), method, "/v1/chats/" + theirs + "/pins", new JsonObject()
          .put("message_id", theirMessage)), Status.NOT_FOUND, "CHAT_NOT_FOUND");
    }
    assertRefused(rpc.call(rpc.bob(), "POST", "/v1/chats/" + chat + "/pins", new JsonObject()), Status.INVALID_ARGUMENT,
        "INVALID_ID");
  }

  @Test
  void aChatHoldsAtMostAHundredLivePins() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    List<String> messages = new ArrayList<>();
    for (int i = 0; i <= PinService.MAX_PINS; i++) {
      messages.add(rpc.send(rpc.alice(), chat, "message " + i));
    }
    for (int i = 0; i < PinService.MAX_PINS; i++) {
      pin(rpc.alice(), chat, messages.get(i));
    }
    String last = messages.get(PinService.MAX_PINS);
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/chats/" + chat + "/pins", new JsonObject().put("message_id", last)),
        Status.FAILED_PRECONDITION, "TOO_MANY_PINS");
    pin(rpc.alice(), chat, messages.get(0));
    rpc.ok(rpc.alice(), "DELETE", "/v1/messages/" + messages.get(0), null);
    pin(rpc.alice(), chat, last);
    List<String> listed = new ArrayList<>();
    String token = "";
    do {
      JsonObject page = rpc.ok(rpc.bob(), "GET", "/v1/chats/" + chat + "/pins?page_size=40&page_token=" + token);
      listed.addAll(messageIds(page));
      token = page.getJsonArray("result").isEmpty() ? "" : page.getString("next_page_token");
    } while (!token.isEmpty());
    assertThat(listed).hasSize(PinService.MAX_PINS).doesNotHaveDuplicates().doesNotContain(messages.get(0))
        .startsWith(last);
  }

  @Test
  void aClosedTalkTakesNoNewPinsButLetsThemGoAndADeletedChatTakesNone() {
    String talk = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String kept = rpc.send(rpc.alice(), talk, "kept");
    String late = rpc.send(rpc.alice(), talk, "late");
    pin(rpc.alice(), talk, kept);
    rpc.ok(rpc.alice(), "PUT", "/v1/talks/" + talk, new JsonObject().put("status", "closed"));
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/chats/" + talk + "/pins", new JsonObject().put("message_id", late)),
        Status.FAILED_PRECONDITION, "TALK_CLOSED");
    rpc.ok(rpc.bob(), "DELETE", "/v1/chats/" + talk + "/pins/" + kept);
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String message = rpc.send(rpc.alice(), chat, "x");
    rpc.ok(rpc.alice(), "DELETE", "/v1/chats/" + chat, null);
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/chats/" + chat + "/pins", new JsonObject().put("message_id", message)),
        Status.FAILED_PRECONDITION, "CHAT_DELETED");
  }

  private static JsonObject pin(Actor actor, String chat, String message) {
    return rpc.ok(actor, "POST", "/v1/chats/" + chat + "/pins", new JsonObject().put("message_id", message));
  }

  private static List<String> messageIds(JsonObject page) {
    List<String> ids = new ArrayList<>();
    page.getJsonArray("result").forEach(p -> ids.add(((JsonObject) p).getString("message_id")));
    return ids;
  }

  private static List<Row> events(String chat, String type) {
    return rpc.rows("SELECT data FROM talk_events WHERE chat_id = $1 AND type = $2 ORDER BY seq", UUID.fromString(chat),
        type);
  }
}
