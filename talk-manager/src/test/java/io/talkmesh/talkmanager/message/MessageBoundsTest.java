package io.talkmesh.talkmanager.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.talks.TalksJson;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.Pin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageBoundsTest {
  private static final UUID MESSAGE = UUID.randomUUID();
  private static final String NOW = "2024-01-01 00:00:00.000000";

  @Test
  void theLargestAllowedMessageFitsAndOneByteMoreDoesNot() {
    JsonArray medias = new JsonArray();
    for (int i = 0; i < 20; i++) {
      medias.add(new JsonObject().put("type", "link").put("link_url", "u".repeat(2000)));
    }
    assertThatCode(() -> MessageBounds.message("x".repeat(65_536), MessageBounds.medias(medias))).doesNotThrowAnyException();
    String exact = "x".repeat(MessageBounds.MAX_MESSAGE_BYTES - 4);
    assertThatCode(() -> MessageBounds.message(exact, new JsonArray())).doesNotThrowAnyException();
    assertThat(reason(() -> MessageBounds.message(exact + "x", new JsonArray()))).isEqualTo("MESSAGE_TOO_LARGE");
  }

  @Test
  void eachMediaIsBoundedInCountStringsSizeAndDepth() {
    JsonArray many = new JsonArray();
    for (int i = 0; i < 21; i++) {
      many.add(new JsonObject().put("type", "file"));
    }
    assertThat(reason(() -> MessageBounds.medias(many))).isEqualTo("TOO_MANY_MEDIAS");
    assertThat(reason(() -> MessageBounds.medias(new JsonArray().add(new JsonObject().put("type", "link")
        .put("address", new JsonObject().put("name", "n".repeat(2049))))))).isEqualTo("FIELD_TOO_LONG");
    assertThat(reason(() -> MessageBounds.medias(new JsonArray().add(new JsonObject().put("type", "link")
        .put("a", "a".repeat(2000)).put("b", "b".repeat(2000)).put("c", "c".repeat(200)))))).isEqualTo("MEDIA_TOO_LARGE");
    assertThat(reason(() -> MessageBounds.medias(new JsonArray().add(new JsonObject().put("type", "x")
        .put("l", new JsonArray().add(new JsonArray().add(new JsonArray().add(new JsonArray())))))))).isEqualTo("MEDIA_TOO_DEEP");
    assertThat(reason(() -> MessageBounds.medias(new JsonArray().add("not an object")))).isEqualTo("INVALID_FIELD");
  }

  @Test
  void reactionsAreCappedByDistinctEmojiAndEntries() {
    UUID alice = UUID.randomUUID();
    JsonArray fifty = new JsonArray();
    for (int i = 0; i < 50; i++) {
      fifty.add(entry("e" + i, alice));
    }
    assertThat(reason(() -> MessageBounds.reaction(MESSAGE, fifty, "new", "agent", alice, NOW))).isEqualTo("TOO_MANY_EMOJI");
    assertThatCode(() -> MessageBounds.reaction(MESSAGE, fifty, "e3", "agent", UUID.randomUUID(), NOW))
        .as("another agent with an emoji already there").doesNotThrowAnyException();
    JsonArray full = new JsonArray();
    for (int i = 0; i < 500; i++) {
      full.add(entry("e" + (i % 50), UUID.randomUUID()));
    }
    full.add(entry("e1", alice));
    assertThatCode(() -> MessageBounds.reaction(MESSAGE, full, "e1", "agent", alice, NOW))
        .as("a reaction already there changes nothing").doesNotThrowAnyException();
    assertThat(reason(() -> MessageBounds.reaction(MESSAGE, full, "e2", "agent", alice, NOW))).isEqualTo("TOO_MANY_REACTIONS");
  }

  /**
   * The bound docs/rpc.md states for an event carrying a message: text and medias at their byte limit, and as many
   * reactions with the widest emoji (32 supplementary code points, 384 bytes of JSON each) as the caps let in.
   */
  @Test
  void aMessageEventAtEveryLimitStaysUnderTheDocumentedBound() {
    JsonArray medias = new JsonArray().add(new JsonObject().put("type", "link").put("link_url", "u".repeat(2000)));
    String text = "x".repeat(MessageBounds.MAX_MESSAGE_BYTES - 4 - medias.toBuffer().length());
    MessageBounds.message(text, medias);
    JsonArray reactions = new JsonArray();
    String widest = "😀".repeat(Reactions.MAX_CODE_POINTS);
    try {
      while (true) {
        UUID owner = UUID.randomUUID();
        MessageBounds.reaction(MESSAGE, reactions, widest, "agent", owner, NOW);
        reactions.add(new JsonObject().put("emoji", widest).put("owner_type", "agent").put("owner_id", owner.toString())
            .put("tm_create", NOW));
      }
    } catch (TalkException e) {
      assertThat(e.reason()).isEqualTo("TOO_MANY_REACTIONS");
    }
    Message message = new Message(UUID.randomUUID(), UUID.randomUUID(), "agent", UUID.randomUUID(), UUID.randomUUID(),
        UUID.randomUUID(), "normal", text, medias, reactions, Instant.now(), Instant.now(), Instant.now());
    int bytes = message.toJson().toBuffer().length();
    assertThat(bytes).as("a message at every limit, with %d reactions", reactions.size()).isLessThanOrEqualTo(231_000);
    // a reaction event also says which entry changed, and a talks API frame renders it with a few more fields
    JsonObject reactionEvent = message.toJson().put(TalksJson.REACTION_CHANGE,
        TalksJson.reactionChange(TalksJson.ADDED, widest, "agent", UUID.randomUUID()));
    assertThat(reactionEvent.toBuffer().length()).as("its reaction event's data").isLessThanOrEqualTo(231_000);
    assertThat(TalksJson.frame(EventType.CHATMESSAGE_REACTION_UPDATED, Long.MAX_VALUE, reactionEvent).toBuffer().length())
        .as("its talks API frame").isLessThanOrEqualTo(231_000);
    // a pin event carries the pinned message in the pin (docs/find.md)
    JsonObject pinEvent = new Pin(message.chatId(), message.id(), "agent", UUID.randomUUID(), Instant.now(), message)
        .toJson();
    assertThat(pinEvent.toBuffer().length()).as("its pin event's data").isLessThanOrEqualTo(231_000);
    assertThat(TalksJson.frame(EventType.CHATMESSAGE_PINNED, Long.MAX_VALUE, pinEvent).toBuffer().length())
        .as("its pin event's talks API frame").isLessThanOrEqualTo(231_000);
  }

  private static JsonObject entry(String emoji, UUID owner) {
    return new JsonObject().put("emoji", emoji).put("owner_type", "agent").put("owner_id", owner.toString())
        .put("tm_create", "2024-01-01 00:00:00.000000");
  }

  private static String reason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    try {
      call.call();
    } catch (TalkException e) {
      return e.reason();
    } catch (Throwable t) {
      throw new AssertionError("expected a TalkException, got " + t, t);
    }
    throw new AssertionError("expected a TalkException, got none");
  }
}
