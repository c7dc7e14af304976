package io.talkmesh.common.model;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * Where one participant stands in one chat (docs/read-state.md): its read pointer ({@code read_message_id}, the
 * message it marked read up to; none before its first mark) and what it has not read after it: {@code unread_count}
 * (normal messages of others, not deleted) and {@code mention_count} (those of them that mention it). The same
 * fields ride on the caller's chats in chat reads and lists, and are the data of its {@code chat_read} event.
 */
public record ReadState(UUID chatId, String ownerType, UUID ownerId, UUID readMessageId, long unreadCount,
                        int mentionCount, Instant tmRead) {
  public static final String UNREAD_COUNT = "unread_count";
  public static final String MENTION_COUNT = "mention_count";
  public static final String READ_MESSAGE_ID = "read_message_id";
  public static final String TM_READ = "tm_read";

  public JsonObject toJson() {
    return putInto(new JsonObject()
        .put("chat_id", chatId.toString())
        .put("owner_type", ownerType)
        .put("owner_id", ownerId.toString()));
  }

  /** The caller's fields of a chat read ({@link Chat#toJson()} adds them for the participant that read it). */
  public JsonObject putInto(JsonObject json) {
    return json
        .put(UNREAD_COUNT, unreadCount)
        .put(MENTION_COUNT, mentionCount)
        .put(READ_MESSAGE_ID, readMessageId == null ? "" : readMessageId.toString())
        .put(TM_READ, Timestamps.format(tmRead));
  }

  /** What others see of it (a direct chat's read receipt): the pointer, never the counts. */
  public JsonObject receipt() {
    return new JsonObject()
        .put("chat_id", chatId.toString())
        .put("owner_type", ownerType)
        .put("owner_id", ownerId.toString())
        .put(READ_MESSAGE_ID, readMessageId == null ? "" : readMessageId.toString())
        .put(TM_READ, Timestamps.format(tmRead));
  }

  public static ReadState fromJson(JsonObject json) {
    return of(UUID.fromString(json.getString("chat_id")), json.getString("owner_type"),
        UUID.fromString(json.getString("owner_id")), json);
  }

  /**
   * The read fields of a chat's JSON, or null when it carries none (only the caller's own chats do); the owner is the
   * caller, which a chat's JSON does not repeat (null here).
   */
  public static ReadState ofChat(JsonObject chat, UUID chatId) {
    return chat.containsKey(UNREAD_COUNT) ? of(chatId, null, null, chat) : null;
  }

  private static ReadState of(UUID chatId, String ownerType, UUID ownerId, JsonObject json) {
    String pointer = json.getString(READ_MESSAGE_ID, "");
    return new ReadState(chatId, ownerType, ownerId, pointer.isEmpty() ? null : UUID.fromString(pointer),
        json.getLong(UNREAD_COUNT, 0L), json.getInteger(MENTION_COUNT, 0), Timestamps.parse(json.getString(TM_READ)));
  }
}
