package io.talkmesh.talkmanager.message;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How big a message may get, checked in memory where caller data enters (docs/rpc.md, "Bounds"): every stored
 * field, the message as a whole, and its reactions, so every event and reply that carries a message is bounded.
 */
final class MessageBounds {
  /** Characters (UTF-16 code units) of a message's text. */
  static final int MAX_TEXT = 65536;
  static final int MAX_MEDIAS = 20;
  /** Characters of any string in a media (a URL, a name, a key). */
  static final int MAX_MEDIA_STRING = 2048;
  /** Encoded JSON bytes of one media. */
  static final int MAX_MEDIA_BYTES = 4096;
  /** Nesting of objects and arrays inside a media ({@code address} is one level). */
  static final int MAX_MEDIA_DEPTH = 4;
  /** Encoded JSON bytes of a message's text and medias together. */
  static final int MAX_MESSAGE_BYTES = 128 * 1024;
  /** Different emoji on one message. */
  static final int MAX_EMOJI = 50;
  /** Reaction entries (emoji × agent) on one message. */
  static final int MAX_REACTIONS = 500;
  /**
   * Encoded JSON bytes of a message's reactions: 500 typical entries take ~65 KB, but an emoji of 32 supplementary
   * code points is 384 bytes of JSON (each one escaped as a surrogate pair), so the entries alone would not bound it.
   */
  static final int MAX_REACTION_BYTES = 96 * 1024;

  private MessageBounds() {
  }

  static String text(String text) {
    return Fields.limited("text", text, MAX_TEXT);
  }

  /** Media entries as the seeds show them: objects with a string {@code type}, each bounded. */
  static JsonArray medias(JsonArray medias) {
    if (medias.size() > MAX_MEDIAS) {
      throw TalkException.invalid("TOO_MANY_MEDIAS", "at most %d medias", MAX_MEDIAS);
    }
    JsonArray clean = new JsonArray();
    for (int i = 0; i < medias.size(); i++) {
      String field = "medias[" + i + "]";
      JsonObject media = Fields.object(medias.getValue(i), field);
      Fields.requiredString(media, "type");
      strings(field, media, 1);
      int bytes = media.toBuffer().length();
      if (bytes > MAX_MEDIA_BYTES) {
        throw TalkException.invalid("MEDIA_TOO_LARGE", "%s is %d bytes of JSON, more than %d", field, bytes, MAX_MEDIA_BYTES);
      }
      clean.add(media.copy());
    }
    return clean;
  }

  /** The text and medias together, as the JSON that stores and carries them (the text as a JSON string). */
  static void message(String text, JsonArray medias) {
    long bytes = new JsonArray().add(text).toBuffer().length() - 2 + (long) medias.toBuffer().length();
    if (bytes > MAX_MESSAGE_BYTES) {
      throw TalkException.invalid("MESSAGE_TOO_LARGE", "text and medias are %d bytes of JSON, more than %d",
          bytes, MAX_MESSAGE_BYTES);
    }
  }

  /**
   * Whether one more (emoji, owner) entry may join these reactions: at most {@link #MAX_EMOJI} different emoji,
   * {@link #MAX_REACTIONS} entries and {@link #MAX_REACTION_BYTES} of JSON; an entry already there changes nothing
   * and always passes.
   */
  static void reaction(UUID messageId, JsonArray reactions, String emoji, String ownerType, UUID ownerId,
                       String tmCreate) {
    Set<String> kinds = new HashSet<>();
    for (Object o : reactions) {
      if (o instanceof JsonObject r) {
        if (emoji.equals(r.getString("emoji")) && ownerType.equals(r.getString("owner_type"))
            && ownerId.toString().equals(r.getString("owner_id"))) {
          return;
        }
        kinds.add(r.getString("emoji"));
      }
    }
    if (!kinds.contains(emoji) && kinds.size() >= MAX_EMOJI) {
      throw new TalkException(Status.FAILED_PRECONDITION, "TOO_MANY_EMOJI",
          "message " + messageId + " already has " + MAX_EMOJI + " different emoji");
    }
    if (reactions.size() >= MAX_REACTIONS) {
      throw new TalkException(Status.FAILED_PRECONDITION, "TOO_MANY_REACTIONS",
          "message " + messageId + " already has " + MAX_REACTIONS + " reactions");
    }
    JsonObject entry = new JsonObject().put("emoji", emoji).put("owner_type", ownerType)
        .put("owner_id", ownerId.toString()).put("tm_create", tmCreate);
    if (reactions.toBuffer().length() + 1 + entry.toBuffer().length() > MAX_REACTION_BYTES) {
      throw new TalkException(Status.FAILED_PRECONDITION, "TOO_MANY_REACTIONS",
          "the reactions of message " + messageId + " would pass " + MAX_REACTION_BYTES + " bytes of JSON");
    }
  }

  private static void strings(String field, Object value, int depth) {
    if (value instanceof String s) {
      Fields.limited(field, s, MAX_MEDIA_STRING);
    } else if (value instanceof JsonObject object) {
      nested(field, depth);
      for (Map.Entry<String, Object> entry : object) {
        Fields.limited(field + " key", entry.getKey(), MAX_MEDIA_STRING);
        strings(field + "." + entry.getKey(), entry.getValue(), depth + 1);
      }
    } else if (value instanceof JsonArray array) {
      nested(field, depth);
      for (int i = 0; i < array.size(); i++) {
        strings(field + "[" + i + "]", array.getValue(i), depth + 1);
      }
    }
  }

  private static void nested(String field, int depth) {
    if (depth > MAX_MEDIA_DEPTH) {
      throw TalkException.invalid("MEDIA_TOO_DEEP", "%s nests deeper than %d levels", field, MAX_MEDIA_DEPTH);
    }
  }
}
