package io.talkmesh.devstack.scale;

import static org.assertj.core.api.Assertions.assertThat;

import static io.talkmesh.devstack.scale.ScaledMesh.ok;

import io.talkmesh.devstack.system.WsClient;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read state over the whole mesh, with an agent's two devices on two push instances: unread and mention counts in
 * the chat list, a mark from one device clearing the other's badge live ({@code chat_read}, to the agent's own
 * sessions only), a direct chat's read receipt reaching the other participant, and nobody else hearing of either.
 */
class ReadStateIT {
  @RegisterExtension
  static final ScaledMesh mesh = ScaledMesh.withPushes(2);
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration QUIET = Duration.ofSeconds(1);
  private static final String TALK = ScaledMesh.TALK;

  private static JsonObject listed(Agent agent, String chat) {
    return ok(mesh.api().get(TALK + "/talk_chats?page_size=100", agent.token())).getJsonArray("result").stream()
        .map(JsonObject.class::cast).filter(c -> chat.equals(c.getString("id"))).findFirst().orElseThrow();
  }

  @Test
  void aMarkOnOneDeviceClearsTheBadgeOnTheOtherAndNobodyElseHearsOfIt() throws Exception {
    Agent alice = mesh.agent("alice");
    Agent dave = mesh.agent("dave");
    Agent bob = mesh.agent("bob");
    try (WsClient phone = mesh.device(dave, 0); WsClient desk = mesh.device(dave, 1); WsClient bobs = mesh.device(bob, 1)) {
      String chat = mesh.chat(alice, "group", dave, bob);
      ok(mesh.api().post(TALK + "/talk_messages", alice.token(), new JsonObject().put("chat_id", chat).put("text", "@dave look")
          .put("mentions", new JsonArray().add(dave.id()))));
      String second = ok(mesh.api().post(TALK + "/talk_messages", bob.token(), new JsonObject().put("chat_id", chat)
          .put("text", "me too"))).getString("id");
      desk.next(f -> "chatmessage_created".equals(f.getString("type"))
          && second.equals(f.getJsonObject("data").getString("id")), WAIT);
      JsonObject before = listed(dave, chat);
      assertThat(before.getLong("unread_count")).isEqualTo(2);
      assertThat(before.getInteger("mention_count")).isEqualTo(1);

      JsonObject state = ok(mesh.api().post(TALK + "/talk_chats/" + chat + "/read", dave.token(), new JsonObject()));
      assertThat(state.getLong("unread_count")).isZero();
      assertThat(state.getString("read_message_id")).isEqualTo(second);

      for (WsClient device : new WsClient[] {desk, phone}) {
        JsonObject read = device.next(f -> "chat_read".equals(f.getString("type"))
            && chat.equals(f.getJsonObject("data").getString("chat_id")), WAIT).getJsonObject("data");
        assertThat(read.getLong("unread_count")).isZero();
        assertThat(read.getInteger("mention_count")).isZero();
        assertThat(read.getString("read_message_id")).isEqualTo(second);
      }
      bobs.assertNone("chat_read", QUIET);
      assertThat(listed(dave, chat).getLong("unread_count")).isZero();
      assertThat(listed(bob, chat).getLong("unread_count")).as("bob's own state is his").isEqualTo(1);
    }
  }

  @Test
  void aDirectChatsReceiptReachesTheOtherParticipantWithoutCounts() throws Exception {
    Agent erin = mesh.agent("erin");
    Agent fred = mesh.agent("fred");
    try (WsClient erins = mesh.device(erin, 0)) {
      String chat = mesh.chat(erin, "direct", fred);
      String hi = ok(mesh.api().post(TALK + "/talk_messages", erin.token(), new JsonObject().put("chat_id", chat)
          .put("text", "hi"))).getString("id");
      ok(mesh.api().post(TALK + "/talk_chats/" + chat + "/read", fred.token(), new JsonObject().put("message_id", hi)));
      JsonObject receipt = erins.next("chatparticipant_read").getJsonObject("data");
      assertThat(receipt.getString("owner_id")).isEqualTo(fred.id());
      assertThat(receipt.getString("read_message_id")).isEqualTo(hi);
      assertThat(receipt.containsKey("unread_count")).isFalse();
      erins.assertNone("chat_read", QUIET);
    }
  }
}
