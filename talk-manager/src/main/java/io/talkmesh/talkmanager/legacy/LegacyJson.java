package io.talkmesh.talkmanager.legacy;

import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.Participant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The JSON shapes of the older Chat API (seed 004) over talk data: a chat is a Talk chat, a chatroom is one
 * participant's view of it (its id is the participant id), a chatmessage is a Talk message, a chatroommessage is
 * one room's view of a message (its id is the room id XOR the message id, so it maps back without a table).
 */
public final class LegacyJson {
  /** The older API's "not deleted" timestamp (seed 004 shows it on every live resource). */
  public static final String LIVE = "9999-01-01 00:00:00.000000";

  private LegacyJson() {
  }

  public static String type(ChatType type) {
    return type == ChatType.DIRECT ? "normal" : "group";
  }

  /** A chat: its owner under both names, {@code owner_id} (seed 004) and {@code room_owner_id} (VoIPBIN's spec). */
  public static JsonObject chat(Chat chat, UUID ownerId, List<UUID> participantIds) {
    String owner = owner(ownerId);
    JsonObject head = new JsonObject()
        .put("id", chat.id().toString())
        .put("customer_id", chat.customerId().toString())
        .put("type", type(chat.type()))
        .put("owner_id", owner)
        .put("room_owner_id", owner);
    return chatTail(head, chat, participantIds, chat.tmCreate());
  }

  /** A chatroom: owned by its participant, {@code room_owner_id} the owner of its chat. */
  public static JsonObject chatroom(Participant room, Chat chat, UUID roomOwnerId, List<UUID> participantIds) {
    JsonObject head = new JsonObject()
        .put("id", room.id().toString())
        .put("customer_id", chat.customerId().toString())
        .put("owner_type", room.ownerType())
        .put("owner_id", room.ownerId().toString())
        .put("type", type(chat.type()))
        .put("chat_id", chat.id().toString())
        .put("room_owner_id", owner(roomOwnerId));
    return chatTail(head, chat, participantIds, room.tmJoined());
  }

  public static JsonObject chatmessage(Message message) {
    JsonObject head = new JsonObject()
        .put("id", message.id().toString())
        .put("customer_id", message.customerId().toString())
        .put("chat_id", message.chatId().toString());
    return messageTail(head, message);
  }

  /** A message as one room sees it: owned by the room's participant, as VoIPBIN keeps one copy per room. */
  public static JsonObject chatroommessage(Message message, Participant room) {
    JsonObject head = new JsonObject()
        .put("id", roomMessageId(room.id(), message.id()).toString())
        .put("customer_id", message.customerId().toString())
        .put("owner_type", room.ownerType())
        .put("owner_id", room.ownerId().toString())
        .put("chatroom_id", room.id().toString())
        .put("messagechat_id", message.id().toString());
    return messageTail(head, message);
  }

  /** A chatroommessage id: the room id XOR the message id; XOR with the room id again gives the message id. */
  public static UUID roomMessageId(UUID roomId, UUID messageId) {
    return new UUID(roomId.getMostSignificantBits() ^ messageId.getMostSignificantBits(),
        roomId.getLeastSignificantBits() ^ messageId.getLeastSignificantBits());
  }

  /** The fields a chat and a chatroom share, after their own. */
  private static JsonObject chatTail(JsonObject head, Chat chat, List<UUID> participantIds, Instant created) {
    return head
        .put("participant_ids", ids(participantIds))
        .put("name", chat.name())
        .put("detail", chat.detail())
        .put("tm_create", Timestamps.format(created))
        .put("tm_update", Timestamps.format(chat.tmUpdate()))
        .put("tm_delete", deleted(chat.tmDelete()));
  }

  /** The fields a chatmessage and a chatroommessage share, after their own. */
  private static JsonObject messageTail(JsonObject head, Message message) {
    return head
        .put("source", source(message))
        .put("type", message.type())
        .put("text", message.text())
        .put("medias", message.medias().copy())
        .put("tm_create", Timestamps.format(message.tmCreate()))
        .put("tm_update", Timestamps.format(message.tmUpdate()))
        .put("tm_delete", deleted(message.tmDelete()));
  }

  private static JsonObject source(Message message) {
    return new JsonObject().put("type", message.ownerType()).put("target", message.ownerId().toString())
        .put("target_name", "").put("name", "").put("detail", "");
  }

  private static String owner(UUID ownerId) {
    return ownerId == null ? "" : ownerId.toString();
  }

  private static String deleted(Instant tmDelete) {
    return tmDelete == null ? LIVE : Timestamps.format(tmDelete);
  }

  private static JsonArray ids(List<UUID> ids) {
    JsonArray array = new JsonArray();
    ids.forEach(id -> array.add(id.toString()));
    return array;
  }
}
