package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.testing.Agent;
import io.talkmesh.devstack.testing.Mesh;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Search, pins and jump-to-message over the whole mesh (docs/find.md): the public routes through the gateway, their
 * refusals as HTTP errors, and the pin events pushed over WebSocket to the chat's participants, in the Talk frames
 * and in the talks API's opt-in names.
 */
class FindApiIT {
  @RegisterExtension
  static final Mesh mesh = Mesh.withDefaults();
  private static final String TALK = "/v1.0/service_agents";
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static Agent agent(String name) {
    return Agent.create(mesh.api(), mesh.adminToken(), name);
  }

  private static JsonObject ok(HttpApi.Reply reply) {
    assertThat(reply.status()).as("expected 200, got %s", reply).isEqualTo(200);
    return reply.json();
  }

  private static void refused(HttpApi.Reply reply, int status, String reason) {
    assertThat(reply.status()).as("expected %d %s, got %s", status, reason, reply).isEqualTo(status);
    assertThat(reply.json().getJsonObject("error").getString("reason")).as("%s", reply).isEqualTo(reason);
  }

  private static String chat(Agent creator, String type, Agent... others) {
    JsonArray participants = new JsonArray();
    for (Agent other : others) {
      participants.add(new JsonObject().put("owner_type", "agent").put("owner_id", other.id()));
    }
    return ok(mesh.api().post(TALK + "/talk_chats", creator.token(), new JsonObject().put("type", type)
        .put("name", type + " " + UUID.randomUUID()).put("participants", participants))).getString("id");
  }

  private static JsonObject send(Agent author, String chat, String text) {
    return ok(mesh.api().post(TALK + "/talk_messages", author.token(), new JsonObject().put("chat_id", chat)
        .put("text", text)));
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static List<String> ids(JsonObject page) {
    List<String> ids = new ArrayList<>();
    page.getJsonArray("result").forEach(o -> ids.add(((JsonObject) o).getString("id")));
    return ids;
  }

  @Test
  void searchFindsWhatTheCallerMayReadByPrefixWithItsFiltersAndRefusesHostileQueries() {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    Agent carol = agent("carol");
    String word = "x" + UUID.randomUUID().toString().replace("-", "");
    String group = chat(alice, "group", bob);
    String channel = chat(alice, "talk");
    JsonObject inGroup = send(alice, group, "Deployment " + word + " is done");
    JsonObject byBob = send(bob, group, "rollback of " + word + " tonight");
    JsonObject inChannel = send(alice, channel, "the " + word + " channel note");
    String search = TALK + "/talk_search/messages?q=";

    assertThat(ids(ok(mesh.api().get(search + q(word.substring(0, 12)), bob.token()))))
        .containsExactlyInAnyOrder(inGroup.getString("id"), byBob.getString("id"), inChannel.getString("id"));
    assertThat(ids(ok(mesh.api().get(search + q(word.substring(0, 12)), carol.token()))))
        .as("carol reads the public channel only").containsExactly(inChannel.getString("id"));
    assertThat(ids(ok(mesh.api().get(search + q("deploy " + word) + "&chat_id=" + group, bob.token()))))
        .containsExactly(inGroup.getString("id"));
    assertThat(ids(ok(mesh.api().get(search + q(word) + "&owner_id=" + bob.id(), alice.token()))))
        .containsExactly(byBob.getString("id"));
    assertThat(ids(ok(mesh.api().get(search + q(word) + "&after=" + q(inGroup.getString("tm_create")) + "&before="
        + q(inChannel.getString("tm_create")), alice.token())))).containsExactly(byBob.getString("id"));
    JsonObject first = ok(mesh.api().get(search + q(word) + "&page_size=2", alice.token()));
    assertThat(first.getJsonArray("result")).hasSize(2);
    JsonObject rest = ok(mesh.api().get(search + q(word) + "&page_size=2&page_token=" + first.getString("next_page_token"),
        alice.token()));
    assertThat(ids(rest)).hasSize(1).doesNotContainAnyElementsOf(ids(first));

    refused(mesh.api().get(search + q("':*|!&()\\'"), alice.token()), 400, "INVALID_QUERY");
    refused(mesh.api().get(TALK + "/talk_search/messages", alice.token()), 400, "INVALID_QUERY");
    refused(mesh.api().get(search + q(word) + "&chat_id=" + group, carol.token()), 403, "NOT_PARTICIPANT");
    refused(mesh.api().get(search + q(word) + "&owner_id=not-a-uuid", alice.token()), 400, "INVALID_ID");
    ok(mesh.api().delete(TALK + "/talk_messages/" + byBob.getString("id"), bob.token()));
    assertThat(ids(ok(mesh.api().get(search + q("rollback " + word), alice.token())))).isEmpty();
  }

  @Test
  void pinsAreListedAndTheirEventsPushedToParticipantsInBothFrameNames() throws Exception {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    Agent carol = agent("carol");
    String chat = chat(alice, "group", bob);
    try (WsClient talk = WsClient.connect(mesh.client(), mesh.stack().wsPort(), bob.token())
             .subscribe("agent_id:" + bob.id() + ":chat");
         WsClient talks = WsClient.connectTo(mesh.client(), mesh.stack().wsPort(),
             "/v1.0/ws?token=" + bob.token() + "&events=talks").subscribe("agent_id:" + bob.id() + ":chat")) {
      String message = send(alice, chat, "the plan").getString("id");
      JsonObject pin = ok(mesh.api().post(TALK + "/talk_chats/" + chat + "/pins", alice.token(),
          new JsonObject().put("message_id", message)));
      assertThat(pin.getString("owner_id")).isEqualTo(alice.id());
      assertThat(pin.getJsonObject("message").getString("text")).isEqualTo("the plan");
      JsonObject pushed = talk.next(f -> "chatmessage_pinned".equals(f.getString("type")), WAIT);
      assertThat(pushed.getJsonObject("data")).isEqualTo(pin);
      JsonObject renamed = talks.next(f -> "message_pinned".equals(f.getString("type")), WAIT);
      assertThat(renamed.getLong("seq")).isEqualTo(pushed.getLong("seq"));
      assertThat(renamed.getJsonObject("data").getString("talk_id")).isEqualTo(chat);

      assertThat(ok(mesh.api().get(TALK + "/talk_chats/" + chat + "/pins", bob.token())).getJsonArray("result"))
          .containsExactly(pin);
      refused(mesh.api().get(TALK + "/talk_chats/" + chat + "/pins", carol.token()), 403, "NOT_PARTICIPANT");
      refused(mesh.api().post(TALK + "/talk_chats/" + chat + "/pins", carol.token(),
          new JsonObject().put("message_id", message)), 403, "NOT_PARTICIPANT");

      JsonObject unpinned = ok(mesh.api().delete(TALK + "/talk_chats/" + chat + "/pins/" + message, bob.token()));
      assertThat(unpinned).isEqualTo(pin);
      assertThat(talk.next(f -> "chatmessage_unpinned".equals(f.getString("type")), WAIT).getJsonObject("data"))
          .isEqualTo(pin);
      assertThat(talks.next(f -> "message_unpinned".equals(f.getString("type")), WAIT)).isNotNull();
      refused(mesh.api().delete(TALK + "/talk_chats/" + chat + "/pins/" + message, bob.token()), 404, "PIN_NOT_FOUND");

      ok(mesh.api().post(TALK + "/talk_chats/" + chat + "/pins", bob.token(), new JsonObject().put("message_id", message)));
      ok(mesh.api().delete(TALK + "/talk_messages/" + message, alice.token()));
      assertThat(ok(mesh.api().get(TALK + "/talk_chats/" + chat + "/pins", bob.token())).getJsonArray("result"))
          .as("the pin of a deleted message disappears").isEmpty();
    }
  }

  @Test
  void aChatOpensAtTheFirstUnreadMessageAndItsCursorsContinueEachWay() {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    String chat = chat(alice, "group", bob);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sent.add(send(alice, chat, "m" + i).getString("id"));
    }
    ok(mesh.api().post(TALK + "/talk_chats/" + chat + "/read", bob.token(), new JsonObject().put("message_id", sent.get(3))));
    String around = TALK + "/talk_chats/" + chat + "/messages/around";
    JsonObject window = ok(mesh.api().get(around + "?anchor=first_unread&num_before=1&num_after=1", bob.token()));
    assertThat(window.getString("anchor_id")).isEqualTo(sent.get(4));
    assertThat(ids(window)).containsExactly(sent.get(5), sent.get(4), sent.get(3));
    assertThat(window.getBoolean("has_older")).isTrue();
    JsonObject older = ok(mesh.api().get(around + "?num_before=10&page_token=" + window.getString("older_page_token"),
        bob.token()));
    assertThat(ids(older)).containsExactly(sent.get(2), sent.get(1), sent.get(0));
    assertThat(older.getBoolean("has_older")).isFalse();
    JsonObject newer = ok(mesh.api().get(around + "?num_after=10&page_token=" + window.getString("newer_page_token"),
        bob.token()));
    assertThat(ids(newer)).containsExactly(sent.get(7), sent.get(6));
    assertThat(newer.getBoolean("has_newer")).isFalse();

    refused(mesh.api().get(around + "?anchor=somewhere", bob.token()), 400, "INVALID_ANCHOR");
    String other = chat(alice, "group", bob);
    String elsewhere = send(alice, other, "elsewhere").getString("id");
    refused(mesh.api().get(around + "?anchor=" + elsewhere, bob.token()), 404, "MESSAGE_NOT_FOUND");
    refused(mesh.api().get(around + "?page_token=forged", bob.token()), 400, "INVALID_PAGE_TOKEN");
  }
}
