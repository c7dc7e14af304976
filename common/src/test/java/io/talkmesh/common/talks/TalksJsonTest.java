package io.talkmesh.common.talks;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.model.Pin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The talks API's frames: every domain event gets seed 003's name and a talk-shaped payload, with the same seq. */
class TalksJsonTest {
  private static final UUID CUSTOMER = UUID.randomUUID();
  private static final UUID CHAT = UUID.randomUUID();
  private static final UUID AGENT = UUID.randomUUID();
  private static final Instant NOW = Timestamps.now();

  private static JsonObject message() {
    return new Message(UUID.randomUUID(), CUSTOMER, "agent", AGENT, CHAT, null, "normal", "hi", new JsonArray(),
        new JsonArray(), NOW, NOW, null).toJson();
  }

  private static JsonObject participant() {
    return new Participant(UUID.randomUUID(), CUSTOMER, "agent", AGENT, CHAT, NOW).toJson();
  }

  @Test
  void messageAndParticipantEventsGetSeed003NamesAndShapes() {
    JsonObject created = TalksJson.frame(EventType.CHATMESSAGE_CREATED, 7, message());
    assertThat(created.getString("type")).isEqualTo("message_created");
    assertThat(created.getLong("seq")).isEqualTo(7);
    assertThat(created.getJsonObject("data").getString("talk_id")).isEqualTo(CHAT.toString());
    assertThat(created.getJsonObject("data").getString("agent_id")).isEqualTo(AGENT.toString());
    assertThat(TalksJson.frame(EventType.CHATMESSAGE_UPDATED, 8, message()).getString("type")).isEqualTo("message_updated");
    assertThat(TalksJson.frame(EventType.CHATMESSAGE_DELETED, 9, message()).getString("type")).isEqualTo("message_deleted");

    JsonObject joined = TalksJson.frame(EventType.CHATPARTICIPANT_ADDED, 1, participant());
    assertThat(joined.getString("type")).isEqualTo("participant_joined");
    assertThat(joined.getJsonObject("data").getString("status")).isEqualTo("active");
    JsonObject left = TalksJson.frame(EventType.CHATPARTICIPANT_REMOVED, 2, participant());
    assertThat(left.getString("type")).isEqualTo("participant_left");
    assertThat(left.getJsonObject("data").getString("status")).isEqualTo("left");
  }

  @Test
  void pinEventsGetTalkNamesWithTheMessageInTheTalkShape() {
    Message message = Message.fromJson(message());
    JsonObject pin = new Pin(CHAT, message.id(), "agent", AGENT, NOW, message).toJson();
    JsonObject pinned = TalksJson.frame(EventType.CHATMESSAGE_PINNED, 5, pin);
    assertThat(pinned.getString("type")).isEqualTo("message_pinned");
    assertThat(pinned.getJsonObject("data").getString("talk_id")).isEqualTo(CHAT.toString());
    assertThat(pinned.getJsonObject("data").getString("message_id")).isEqualTo(message.id().toString());
    assertThat(pinned.getJsonObject("data").getJsonObject("message").getString("agent_id")).isEqualTo(AGENT.toString());
    assertThat(TalksJson.frame(EventType.CHATMESSAGE_UNPINNED, 6, pin).getString("type")).isEqualTo("message_unpinned");
  }

  @Test
  void aReactionEventSaysWhetherItAddedOrRemovedAndWhich() {
    JsonObject added = message().put(TalksJson.REACTION_CHANGE, TalksJson.reactionChange("added", "thumbsup", "agent", AGENT));
    JsonObject frame = TalksJson.frame(EventType.CHATMESSAGE_REACTION_UPDATED, 3, added);
    assertThat(frame.getString("type")).isEqualTo("reaction_added");
    assertThat(frame.getJsonObject("data").getJsonObject("reaction"))
        .isEqualTo(new JsonObject().put("emoji", "thumbsup").put("owner_type", "agent").put("owner_id", AGENT.toString()));
    JsonObject removed = message().put(TalksJson.REACTION_CHANGE, new JsonObject().put("action", "removed"));
    assertThat(TalksJson.frame(EventType.CHATMESSAGE_REACTION_UPDATED, 4, removed).getString("type"))
        .isEqualTo("reaction_removed");
    assertThat(TalksJson.frame(EventType.CHATMESSAGE_REACTION_UPDATED, 5, message()).getString("type"))
        .as("an event written before talk-manager said which").isEqualTo("reaction_updated");
  }

  @Test
  void chatEventsAreTalkEventsWithTheirStateWhenKnown() {
    JsonObject chat = new Chat(CHAT, CUSTOMER, ChatType.DIRECT, "n", "d", 2, NOW, NOW, null).toJson();
    JsonObject created = TalksJson.frame(EventType.CHAT_CREATED, 3, chat);
    assertThat(created.getString("type")).isEqualTo("talk_created");
    assertThat(created.getJsonObject("data").getString("type")).isEqualTo("normal");
    assertThat(created.getJsonObject("data").getString("status")).isEqualTo("active");
    JsonObject closed = TalksJson.frame(EventType.CHAT_UPDATED, 4, chat.copy().put("status", "closed"));
    assertThat(closed.getString("type")).isEqualTo("talk_updated");
    assertThat(closed.getJsonObject("data").getString("status")).isEqualTo("closed");
    assertThat(TalksJson.frame(EventType.CHAT_UPDATED, 5, chat).getJsonObject("data").containsKey("status")).isFalse();
    assertThat(TalksJson.frame(EventType.CHAT_DELETED, 6, chat).getString("type")).isEqualTo("talk_deleted");
  }
}
