package io.talkmesh.devstack.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.WsClient;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Typing over the whole mesh with two push instances: a participant's typing reaches the chat's other members on
 * the other instance, never the typist's own devices nor a non-member; a flood of starts is coalesced; a stop
 * follows; a non-participant is refused; messages keep flowing beside it.
 */
class TypingIT {
  @RegisterExtension
  static final ScaledMesh mesh = ScaledMesh.withPushes(2);
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration QUIET = Duration.ofSeconds(1);

  private static String typing(String type, String chat) {
    return new JsonObject().put("type", type).put("chat_id", chat).encode();
  }

  @Test
  void typingCrossesInstancesToTheOtherMembersOnly() throws Exception {
    Agent alice = mesh.agent("alice");
    Agent bob = mesh.agent("bob");
    Agent carol = mesh.agent("carol");
    try (WsClient alicesDesk = mesh.device(alice, 0); WsClient alicesPhone = mesh.device(alice, 1);
         WsClient bobs = mesh.device(bob, 1); WsClient carols = mesh.device(carol, 1)) {
      String chat = mesh.chat(alice, "group", bob);
      bobs.next("chat_created");
      alicesDesk.send(typing("typing_start", chat));
      JsonObject shown = bobs.next(f -> "typing".equals(f.getString("type")), WAIT).getJsonObject("data");
      assertThat(shown.getString("chat_id")).isEqualTo(chat);
      assertThat(shown.getString("agent_id")).isEqualTo(alice.id());
      assertThat(shown.getString("state")).isEqualTo("started");
      assertThat(shown.getLong("expires_in_ms")).isEqualTo(5000L);

      alicesDesk.send(typing("typing_stop", chat));
      JsonObject stopped = bobs.next(f -> "typing".equals(f.getString("type"))
          && "stopped".equals(f.getJsonObject("data").getString("state")), WAIT).getJsonObject("data");
      assertThat(stopped.getString("agent_id")).isEqualTo(alice.id());
      alicesPhone.assertNone("typing", QUIET);
      carols.assertNone("typing", QUIET);
    }
  }

  @Test
  void aFloodOfStartsIsCoalescedAndMessagesFlowBesideIt() throws Exception {
    Agent alice = mesh.agent("alice");
    Agent bob = mesh.agent("bob");
    try (WsClient alices = mesh.device(alice, 0); WsClient bobs = mesh.device(bob, 1)) {
      String chat = mesh.chat(alice, "group", bob);
      bobs.next("chat_created");
      for (int i = 0; i < 40; i++) {
        alices.send(typing("typing_start", chat));
      }
      String message = mesh.api().post(ScaledMesh.TALK + "/talk_messages", alice.token(), new JsonObject().put("chat_id", chat)
          .put("text", "after the flood")).json().getString("id");
      bobs.next(f -> "chatmessage_created".equals(f.getString("type"))
          && message.equals(f.getJsonObject("data").getString("id")), WAIT);
      bobs.assertNone("chat_deleted", QUIET); // let the signals settle
      long shown = bobs.seen().stream().filter(f -> "typing".equals(f.getString("type"))).count();
      assertThat(shown).as("40 starts within the interval are one signal").isEqualTo(1);
    }
  }

  @Test
  void aNonParticipantIsRefusedAndNobodyIsShown() throws Exception {
    Agent alice = mesh.agent("alice");
    Agent bob = mesh.agent("bob");
    Agent mallory = mesh.agent("mallory");
    try (WsClient bobs = mesh.device(bob, 1); WsClient mallorys = mesh.device(mallory, 0)) {
      String chat = mesh.chat(alice, "group", bob);
      bobs.next("chat_created");
      mallorys.send(typing("typing_start", chat));
      JsonObject error = mallorys.next("error");
      assertThat(error.getString("reason")).isEqualTo("NOT_PARTICIPANT");
      mallorys.send("{\"type\":\"typing_start\",\"chat_id\":\"not-a-chat\"}");
      assertThat(mallorys.next("error").getString("reason")).isEqualTo("INVALID_FRAME");
      bobs.assertNone("typing", QUIET);
    }
  }
}
