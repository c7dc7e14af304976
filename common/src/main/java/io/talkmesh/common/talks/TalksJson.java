package io.talkmesh.common.talks;

import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.Participant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * The JSON of the talks API (seed 003, its structs as seed 001 shows them) over Talk data, and the frames its
 * WebSocket clients receive: written once here, used by talk-manager's responses and push-service's frames
 * (docs/talks-api.md). A talk is a direct ({@code normal}) or group chat; a message or participant is the Talk one
 * plus the names seed 003 uses ({@code agent_id}, {@code talk_id}, {@code status}).
 */
public final class TalksJson {
  public static final String STATUS = "status";
  public static final String ACTIVE = "active";
  public static final String CLOSED = "closed";
  public static final String LEFT = "left";
  /**
   * The field talk-manager adds to a {@code chatmessage_reaction_updated} event's data (beside the Message JSON):
   * {@code {"action":"added"|"removed","emoji","owner_type","owner_id"}}.
   */
  public static final String REACTION_CHANGE = "reaction_change";
  public static final String ACTION = "action";
  public static final String ADDED = "added";
  public static final String REMOVED = "removed";

  private TalksJson() {
  }

  /** A talk type: {@code normal} (1:1, a direct chat) or {@code group}. */
  public static String type(ChatType type) {
    return type == ChatType.DIRECT ? "normal" : type.wire();
  }

  /** A talk with its state and, when known, its agents' ids (REST answers carry them, event frames do not). */
  public static JsonObject talk(Chat chat, String status, List<UUID> participantIds) {
    JsonObject json = new JsonObject()
        .put("id", chat.id().toString())
        .put("customer_id", chat.customerId().toString())
        .put("type", type(chat.type()))
        .put("name", chat.name())
        .put("detail", chat.detail());
    if (status != null) {
      json.put(STATUS, status);
    }
    if (participantIds != null) {
      JsonArray ids = new JsonArray();
      participantIds.forEach(id -> ids.add(id.toString()));
      json.put("participant_ids", ids);
    }
    return json
        .put("member_count", chat.memberCount())
        .put("tm_create", Timestamps.format(chat.tmCreate()))
        .put("tm_update", Timestamps.format(chat.tmUpdate()))
        .put("tm_delete", Timestamps.format(chat.tmDelete()));
  }

  /** A message: the Talk message with {@code talk_id} and {@code agent_id} ("" for system messages). */
  public static JsonObject message(Message message) {
    return message.toJson()
        .put("talk_id", message.chatId().toString())
        .put("agent_id", Agent.OWNER_TYPE.equals(message.ownerType()) ? message.ownerId().toString() : "");
  }

  /** A participant: {@code active} while in the talk, {@code left} in the answer to (and event of) its removal. */
  public static JsonObject participant(Participant participant, String status) {
    return participant.toJson()
        .put("talk_id", participant.chatId().toString())
        .put("agent_id", participant.isAgent() ? participant.ownerId().toString() : "")
        .put(STATUS, status);
  }

  /** The frame name of a domain event for clients of the talks API. */
  public static String eventName(EventType type, JsonObject data) {
    return switch (type) {
      case CHAT_CREATED -> "talk_created";
      case CHAT_UPDATED -> "talk_updated";
      case CHAT_DELETED -> "talk_deleted";
      case CHATPARTICIPANT_ADDED -> "participant_joined";
      case CHATPARTICIPANT_REMOVED -> "participant_left";
      case CHATMESSAGE_CREATED -> "message_created";
      case CHATMESSAGE_UPDATED -> "message_updated";
      case CHATMESSAGE_DELETED -> "message_deleted";
      case CHATMESSAGE_REACTION_UPDATED -> reactionAction(data).map(a -> ADDED.equals(a) ? "reaction_added"
          : "reaction_removed").orElse("reaction_updated");
      case CHATPARTICIPANT_READ -> "participant_read";
      case CHAT_READ -> "talk_read";
      case CHATMESSAGE_PINNED -> "message_pinned";
      case CHATMESSAGE_UNPINNED -> "message_unpinned";
      case AGENT_PRESENCE_UPDATED -> "agent_presence_updated";
      case WEBHOOK_REPLAY_REQUESTED -> "webhook_replay_requested";
    };
  }

  /**
   * A domain event as a frame of the talks API: {@code {"type": <talk event name>, "seq", "data": <talk shape>}},
   * the same seq as the Talk frame, so ordering and resume work alike. A {@code talk_updated} carries
   * {@code status} when the change was one of state (close, reopen, last leaver); a reaction frame carries
   * {@code reaction}, the entry added or removed.
   */
  public static JsonObject frame(EventType type, long seq, JsonObject data) {
    return new JsonObject().put("type", eventName(type, data)).put("seq", seq).put("data", frameData(type, data));
  }

  private static JsonObject frameData(EventType type, JsonObject data) {
    try {
      return switch (type) {
        case CHAT_CREATED -> talk(Chat.fromJson(data), ACTIVE, null);
        case CHAT_UPDATED, CHAT_DELETED -> talk(Chat.fromJson(data), data.getString(STATUS), null);
        case CHATPARTICIPANT_ADDED -> participant(Participant.fromJson(data), ACTIVE);
        case CHATPARTICIPANT_REMOVED -> participant(Participant.fromJson(data), LEFT);
        case CHATMESSAGE_CREATED, CHATMESSAGE_UPDATED, CHATMESSAGE_DELETED -> message(Message.fromJson(data));
        case CHATMESSAGE_REACTION_UPDATED -> withReaction(message(Message.fromJson(data)), data);
        case CHATPARTICIPANT_READ, CHAT_READ -> data.copy().put("talk_id", data.getString("chat_id"));
        case CHATMESSAGE_PINNED, CHATMESSAGE_UNPINNED -> data.copy().put("talk_id", data.getString("chat_id"))
            .put("message", message(Message.fromJson(data.getJsonObject("message"))));
        case AGENT_PRESENCE_UPDATED, WEBHOOK_REPLAY_REQUESTED -> data;
      };
    } catch (RuntimeException e) {
      // an event this version cannot read as its resource is passed on as it came rather than dropped
      return data;
    }
  }

  private static JsonObject withReaction(JsonObject message, JsonObject data) {
    JsonObject change = data.getJsonObject(REACTION_CHANGE);
    if (change != null) {
      JsonObject reaction = change.copy();
      reaction.remove(ACTION);
      message.put("reaction", reaction);
    }
    return message;
  }

  private static java.util.Optional<String> reactionAction(JsonObject data) {
    JsonObject change = data == null ? null : data.getJsonObject(REACTION_CHANGE);
    return java.util.Optional.ofNullable(change == null ? null : change.getString(ACTION));
  }

  /** What talk-manager adds to a reaction event's data: which entry changed, and how. */
  public static JsonObject reactionChange(String action, String emoji, String ownerType, UUID ownerId) {
    return new JsonObject().put(ACTION, action).put("emoji", emoji).put("owner_type", ownerType)
        .put("owner_id", ownerId.toString());
  }
}
