package io.talkmesh.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ModelJsonTest {
  @Test
  void liveMessageHasEmptyTmDeleteAndReactionsInMetadata() {
    var now = Timestamps.now();
    Message message = new Message(UUID.randomUUID(), UUID.randomUUID(), "agent", UUID.randomUUID(), UUID.randomUUID(),
        null, "normal", "héllo 👋", new JsonArray(), new JsonArray(), now, now, null);
    JsonObject json = message.toJson();
    assertThat(json.getString("tm_delete")).isEmpty();
    assertThat(json.containsKey("parent_id")).isFalse();
    assertThat(json.getJsonObject("metadata").getJsonArray("reactions")).isEmpty();
    assertThat(Message.fromJson(json)).isEqualTo(message);
  }

  @Test
  void chatAndParticipantRoundTrip() {
    var now = Timestamps.now();
    Chat chat = new Chat(UUID.randomUUID(), UUID.randomUUID(), ChatType.GROUP, "ops", "", 2, now, now, null);
    assertThat(Chat.fromJson(chat.toJson())).isEqualTo(chat);
    Participant p = new Participant(UUID.randomUUID(), UUID.randomUUID(), "agent", UUID.randomUUID(), chat.id(), now);
    assertThat(Participant.fromJson(p.toJson())).isEqualTo(p);
  }

  @Test
  void onlyAnAgentOwnerIsAnAgentParticipant() {
    var now = Timestamps.now();
    assertThat(new Participant(UUID.randomUUID(), UUID.randomUUID(), Agent.OWNER_TYPE, UUID.randomUUID(),
        UUID.randomUUID(), now).isAgent()).isTrue();
    assertThat(new Participant(UUID.randomUUID(), UUID.randomUUID(), "customer", UUID.randomUUID(),
        UUID.randomUUID(), now).isAgent()).isFalse();
  }

  @Test
  void normalIsTheOlderNameOfDirect() {
    assertThat(ChatType.parse("normal")).isEqualTo(ChatType.DIRECT);
  }
}
