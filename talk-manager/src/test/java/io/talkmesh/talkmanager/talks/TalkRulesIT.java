package io.talkmesh.talkmanager.talks;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.model.Actor;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The talks API's rules (seed 003) through talk-manager's RPC routes on a real database: a talk's state (closed
 * refuses writes, reopen, the last leaver closes it), participants left, and who may do what.
 */
class TalkRulesIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  private static JsonObject talkOf(Actor... agents) {
    JsonArray ids = new JsonArray();
    for (Actor a : agents) {
      ids.add(a.ownerId().toString());
    }
    return new JsonObject().put("name", "Project Discussion").put("participant_ids", ids);
  }

  private static String newTalk(Actor creator, Actor... others) {
    return rpc.ok(creator, "POST", "/v1/talks", talkOf(others)).getString("id");
  }

  private static JsonObject text(String text) {
    return new JsonObject().put("text", text);
  }

  private static JsonObject status(String status) {
    return new JsonObject().put("status", status);
  }

  /** The chat's events as the outbox holds them (this extension runs no relay, so the RPC event log stays empty). */
  private static List<JsonObject> events(Actor reader, String chatId) throws Exception {
    List<JsonObject> events = new ArrayList<>();
    rpc.pool().preparedQuery("SELECT type, data FROM talk_events WHERE chat_id = $1 ORDER BY seq")
        .execute(Tuple.of(UUID.fromString(chatId))).await(10, TimeUnit.SECONDS)
        .forEach(row -> events.add(new JsonObject().put("type", row.getString("type")).put("data", row.getJsonObject("data"))));
    return events;
  }

  private static String statusInDatabase(String chatId) throws Exception {
    return rpc.pool().preparedQuery("SELECT status FROM talk_chats WHERE id = $1").execute(Tuple.of(UUID.fromString(chatId)))
        .await(10, TimeUnit.SECONDS).iterator().next().getString("status");
  }

  @Test
  void aTalkIsAGroupChatOfTheCallerAndItsParticipantIds() {
    JsonObject talk = rpc.ok(rpc.alice(), "POST", "/v1/talks", talkOf(rpc.bob(), rpc.carol(), rpc.alice()));
    assertThat(talk.getString("type")).isEqualTo("group");
    assertThat(talk.getString("status")).isEqualTo("active");
    assertThat(talk.getString("name")).isEqualTo("Project Discussion");
    assertThat(talk.getJsonArray("participant_ids").getList()).containsExactlyInAnyOrder(
        rpc.alice().ownerId().toString(), rpc.bob().ownerId().toString(), rpc.carol().ownerId().toString());
    assertThat(talk.getInteger("member_count")).isEqualTo(3);
    // the same chat through the Talk API
    assertThat(rpc.ok(rpc.bob(), "GET", "/v1/chats/" + talk.getString("id")).getString("type")).isEqualTo("group");
    assertThat(TalkRpc.ids(rpc.ok(rpc.carol(), "GET", "/v1/talks?page_size=100"))).contains(talk.getString("id"));
  }

  @Test
  void aNormalTalkIsOneToOne() {
    JsonObject body = talkOf(rpc.bob(), rpc.carol()).put("type", "normal");
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/talks", body), Status.INVALID_ARGUMENT, "DIRECT_CHAT_PARTICIPANTS");
    JsonObject talk = rpc.ok(rpc.alice(), "POST", "/v1/talks", talkOf(rpc.bob()).put("type", "normal"));
    assertThat(talk.getString("type")).isEqualTo("normal");
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/talks", talkOf().put("type", "channel")), Status.INVALID_ARGUMENT,
        "INVALID_TALK_TYPE");
  }

  @Test
  void aClosedTalkRefusesMessagesParticipantsAndReactionsUntilAParticipantReopensIt() throws Exception {
    String id = newTalk(rpc.alice(), rpc.bob());
    String messageId = rpc.ok(rpc.alice(), "POST", "/v1/talks/" + id + "/messages", text("before")).getString("id");
    rpc.ok(rpc.alice(), "POST", "/v1/talks/messages/" + messageId + "/reactions", new JsonObject().put("emoji", "thumbsup"));

    JsonObject closed = rpc.ok(rpc.bob(), "PUT", "/v1/talks/" + id, status("closed"));
    assertThat(closed.getString("status")).isEqualTo("closed");
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/talks/" + id + "/messages", text("no")), Status.FAILED_PRECONDITION,
        "TALK_CLOSED");
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/messages", text("no").put("chat_id", id)), Status.FAILED_PRECONDITION,
        "TALK_CLOSED");
    assertRefused(rpc.call(rpc.alice(), "POST", "/v1/talks/" + id + "/participants",
        new JsonObject().put("agent_id", rpc.carol().ownerId().toString())), Status.FAILED_PRECONDITION, "TALK_CLOSED");
    assertRefused(rpc.call(rpc.bob(), "POST", "/v1/talks/messages/" + messageId + "/reactions",
        new JsonObject().put("emoji", "heart")), Status.FAILED_PRECONDITION, "TALK_CLOSED");
    // taking one's own reaction back, reading and closing again stay possible
    rpc.ok(rpc.alice(), "DELETE", "/v1/talks/messages/" + messageId + "/reactions?emoji=thumbsup");
    assertThat(rpc.ok(rpc.alice(), "GET", "/v1/talks/" + id + "/messages").getJsonArray("result")).hasSize(1);
    int before = events(rpc.alice(), id).size();
    assertThat(rpc.ok(rpc.alice(), "PUT", "/v1/talks/" + id, status("closed")).getString("status")).isEqualTo("closed");
    assertThat(events(rpc.alice(), id)).as("closing a closed talk writes nothing").hasSize(before);

    assertThat(rpc.ok(rpc.alice(), "PUT", "/v1/talks/" + id, status("active")).getString("status")).isEqualTo("active");
    rpc.ok(rpc.bob(), "POST", "/v1/talks/" + id + "/messages", text("after"));
    List<String> states = events(rpc.alice(), id).stream().filter(e -> e.getString("type").equals("chat_updated"))
        .map(e -> e.getJsonObject("data").getString("status")).toList();
    assertThat(states).containsExactly("closed", "active");
    assertRefused(rpc.call(rpc.alice(), "PUT", "/v1/talks/" + id, status("archived")), Status.INVALID_ARGUMENT,
        "INVALID_STATUS");
  }

  @Test
  void theLastParticipantLeavingClosesTheTalkAndLeftParticipantsAreGone() throws Exception {
    String id = newTalk(rpc.alice(), rpc.bob());
    // seed 003 names a participant by its id; its clients, who added by agent id, may name the agent
    JsonObject left = rpc.ok(rpc.bob(), "DELETE", "/v1/talks/" + id + "/participants/" + rpc.bob().ownerId());
    assertThat(left.getString("status")).isEqualTo("left");
    assertThat(left.getString("agent_id")).isEqualTo(rpc.bob().ownerId().toString());
    JsonArray members = (JsonArray) rpc.get(rpc.alice(), "/v1/talks/" + id + "/participants").data();
    assertThat(members).hasSize(1);
    assertThat(members.getJsonObject(0).getString("status")).isEqualTo("active");
    assertThat(((JsonArray) rpc.get(rpc.alice(), "/v1/chats/" + id + "/participants").data())).hasSize(1);
    assertRefused(rpc.get(rpc.bob(), "/v1/talks/" + id), Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
    assertThat(statusInDatabase(id)).isEqualTo("active");

    rpc.ok(rpc.alice(), "DELETE", "/v1/talks/" + id + "/participants/" + members.getJsonObject(0).getString("id"));
    assertThat(statusInDatabase(id)).isEqualTo("closed");
  }

  @Test
  void theLastAgentLeavingAPublicChannelDoesNotCloseIt() throws Exception {
    String channel = rpc.newChat(rpc.alice(), "talk");
    String participant = ((JsonArray) rpc.get(rpc.alice(), "/v1/chats/" + channel + "/participants").data())
        .getJsonObject(0).getString("id");
    rpc.ok(rpc.alice(), "DELETE", "/v1/chats/" + channel + "/participants/" + participant);
    assertThat(statusInDatabase(channel)).isEqualTo("active");
    rpc.ok(rpc.bob(), "POST", "/v1/chats/" + channel + "/join");
    assertRefused(rpc.get(rpc.bob(), "/v1/talks/" + channel), Status.NOT_FOUND, "TALK_NOT_FOUND");
  }

  @Test
  void aNonParticipantCannotReadPostReactOrCloseAndAnotherCustomerFindsNothing() {
    String id = newTalk(rpc.alice(), rpc.bob());
    String messageId = rpc.ok(rpc.alice(), "POST", "/v1/talks/" + id + "/messages", text("private")).getString("id");
    Actor carol = rpc.carol();
    assertRefused(rpc.get(carol, "/v1/talks/" + id), Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
    assertRefused(rpc.get(carol, "/v1/talks/" + id + "/messages"), Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
    assertRefused(rpc.get(carol, "/v1/talks/" + id + "/participants"), Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
    assertRefused(rpc.get(carol, "/v1/talks/" + id + "/messages/" + messageId), Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
    assertRefused(rpc.call(carol, "POST", "/v1/talks/" + id + "/messages", text("hi")), Status.PERMISSION_DENIED,
        "NOT_PARTICIPANT");
    assertRefused(rpc.call(carol, "POST", "/v1/talks/messages/" + messageId + "/reactions",
        new JsonObject().put("emoji", "eyes")), Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
    assertRefused(rpc.call(carol, "PUT", "/v1/talks/" + id, status("closed")), Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
    assertRefused(rpc.call(carol, "POST", "/v1/talks/" + id + "/participants",
        new JsonObject().put("agent_id", carol.ownerId().toString())), Status.PERMISSION_DENIED, "NOT_PARTICIPANT");

    Actor stranger = rpc.newCustomerAdmin();
    assertRefused(rpc.get(stranger, "/v1/talks/" + id), Status.NOT_FOUND, "CHAT_NOT_FOUND");
    assertRefused(rpc.call(stranger, "PUT", "/v1/talks/" + id, status("closed")), Status.NOT_FOUND, "CHAT_NOT_FOUND");
    assertRefused(rpc.call(stranger, "DELETE", "/v1/talks/" + id, null), Status.NOT_FOUND, "CHAT_NOT_FOUND");
    assertRefused(rpc.get(stranger, "/v1/talks/" + id + "/messages/" + messageId), Status.NOT_FOUND, "CHAT_NOT_FOUND");
    assertRefused(rpc.call(stranger, "POST", "/v1/talks/messages/" + messageId + "/reactions",
        new JsonObject().put("emoji", "eyes")), Status.NOT_FOUND, "MESSAGE_NOT_FOUND");
    String otherTalk = newTalk(rpc.alice(), rpc.carol());
    assertRefused(rpc.get(rpc.alice(), "/v1/talks/" + otherTalk + "/messages/" + messageId), Status.NOT_FOUND,
        "MESSAGE_NOT_FOUND");
    assertRefused(rpc.call(rpc.alice(), "DELETE", "/v1/talks/" + otherTalk + "/messages/" + messageId, null),
        Status.NOT_FOUND, "MESSAGE_NOT_FOUND");
    assertThat(rpc.ok(rpc.alice(), "GET", "/v1/talks/" + id + "/messages/" + messageId).getString("text")).isEqualTo("private");
    assertThat(rpc.get(rpc.alice(), "/v1/talks/" + id).statusCode()).isEqualTo(200);
  }

  @Test
  void messagesKeepSeed003MediasAndReactionEventsSayWhichChange() throws Exception {
    String id = newTalk(rpc.alice(), rpc.bob());
    JsonArray medias = new JsonArray().add(new JsonObject().put("type", "application/pdf")
        .put("url", "https://storage.example.com/design-doc.pdf").put("name", "design-document.pdf"));
    JsonObject sent = rpc.ok(rpc.alice(), "POST", "/v1/talks/" + id + "/messages",
        text("Here is the design document.").put("medias", medias));
    assertThat(sent.getJsonArray("medias")).isEqualTo(medias);
    assertThat(sent.getString("talk_id")).isEqualTo(id);
    assertThat(sent.getString("agent_id")).isEqualTo(rpc.alice().ownerId().toString());
    String reply = rpc.ok(rpc.bob(), "POST", "/v1/talks/" + id + "/messages",
        text("thanks").put("parent_id", sent.getString("id"))).getString("parent_id");
    assertThat(reply).isEqualTo(sent.getString("id"));

    String path = "/v1/talks/messages/" + sent.getString("id") + "/reactions";
    rpc.ok(rpc.bob(), "POST", path, new JsonObject().put("emoji", "thumbsup"));
    rpc.ok(rpc.bob(), "DELETE", path + "?emoji=thumbsup");
    List<JsonObject> changes = events(rpc.alice(), id).stream()
        .filter(e -> e.getString("type").equals("chatmessage_reaction_updated"))
        .map(e -> e.getJsonObject("data").getJsonObject("reaction_change")).toList();
    assertThat(changes).extracting(c -> c.getString("action")).containsExactly("added", "removed");
    assertThat(changes.get(0).getString("emoji")).isEqualTo("thumbsup");
    assertThat(changes.get(0).getString("owner_id")).isEqualTo(rpc.bob().ownerId().toString());

    rpc.ok(rpc.alice(), "DELETE", "/v1/talks/" + id + "/messages/" + sent.getString("id"));
    List<JsonObject> redacted = events(rpc.alice(), id).stream()
        .filter(e -> e.getString("type").equals("chatmessage_reaction_updated"))
        .map(e -> e.getJsonObject("data").getJsonObject("reaction_change")).toList();
    assertThat(redacted).as("a deleted message's reaction events keep no emoji nor reactor")
        .containsExactly(new JsonObject().put("action", "added"), new JsonObject().put("action", "removed"));
  }

  @Test
  void renamingKeepsTheStateAndNothingToUpdateIsRefused() {
    String id = newTalk(rpc.alice(), rpc.bob());
    JsonObject renamed = rpc.ok(rpc.bob(), "PUT", "/v1/talks/" + id, new JsonObject().put("name", "Q1 Project"));
    assertThat(renamed.getString("name")).isEqualTo("Q1 Project");
    assertThat(renamed.getString("status")).isEqualTo("active");
    assertRefused(rpc.call(rpc.bob(), "PUT", "/v1/talks/" + id, new JsonObject()), Status.INVALID_ARGUMENT,
        "NOTHING_TO_UPDATE");
    JsonObject deleted = rpc.ok(rpc.alice(), "DELETE", "/v1/talks/" + id);
    assertThat(deleted.getString("tm_delete")).isNotEmpty();
    assertRefused(rpc.call(rpc.alice(), "PUT", "/v1/talks/" + id, status("closed")), Status.FAILED_PRECONDITION,
        "CHAT_DELETED");
  }
}
