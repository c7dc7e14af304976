package io.talkmesh.talkmanager.participant;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.Participant;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of participants, and the membership check every other rule relies on. */
public final class Participants {
  static final String COLUMNS = "id, customer_id, owner_type, owner_id, chat_id, tm_joined";
  /**
   * A new participant has read nothing before its join and everything before it: its read pointer starts at the
   * chat's message count (the caller holds the chat's row lock, so no message slips in between).
   */
  static final String INSERT = "INSERT INTO talk_participants (" + COLUMNS + ", read_ordinal)"
      + " SELECT $1, $2, $3, $4, $5, $6, c.msg_count FROM talk_chats c WHERE c.id = $5"
      + " ON CONFLICT ON CONSTRAINT talk_participants_unique DO NOTHING RETURNING " + COLUMNS;
  static final String MEMBER = "SELECT " + COLUMNS + " FROM talk_participants WHERE chat_id = $1 AND owner_type = $2 AND owner_id = $3";
  static final String OF_CHAT = "SELECT " + COLUMNS + " FROM talk_participants WHERE chat_id = $1 ORDER BY tm_joined DESC, id DESC";
  static final String OF_OWNER = "SELECT p.id, p.customer_id, p.owner_type, p.owner_id, p.chat_id, p.tm_joined"
      + " FROM talk_participants p JOIN talk_chats c ON c.id = p.chat_id"
      + " WHERE p.owner_type = $1 AND p.owner_id = $2 AND p.customer_id = $3 AND c.tm_delete IS NULL";

  /**
   * Takes a direct chat's second seat for the owner, or confirms the owner holds one: the creator, the agent already
   * recorded as the peer, or (no peer yet) the first other agent, who becomes it. No row: the seat is someone else's.
   */
  static final String DIRECT_SEAT = "UPDATE talk_chats SET direct_peer_id = CASE WHEN creator_id = $2 THEN direct_peer_id"
      + " ELSE COALESCE(direct_peer_id, $2) END"
      + " WHERE id = $1 AND (creator_id = $2 OR direct_peer_id IS NULL OR direct_peer_id = $2) RETURNING id";
  static final String DELETE = "DELETE FROM talk_participants WHERE id = $1 AND chat_id = $2 RETURNING " + COLUMNS;

  private Participants() {
  }

  static Participant fromRow(Row row) {
    return new Participant(row.getUUID("id"), row.getUUID("customer_id"), row.getString("owner_type"),
        row.getUUID("owner_id"), row.getUUID("chat_id"), Database.instant(row.getOffsetDateTime("tm_joined")));
  }

  /** The actor's participant row in the chat, or PERMISSION_DENIED. */
  public static Future<Participant> requireMember(SqlClient sql, Chat chat, Actor actor) {
    return member(sql, chat.id(), actor.ownerType(), actor.ownerId()).map(found -> found.orElseThrow(() ->
        notParticipant(chat.id())));
  }

  /** What a non-participant gets for a private chat's reads and every chat's writes. */
  public static TalkException notParticipant(UUID chatId) {
    return TalkException.denied("NOT_PARTICIPANT", "only participants of chat %s may do this", chatId);
  }

  public static Future<Optional<Participant>> member(SqlClient sql, UUID chatId, String ownerType, UUID ownerId) {
    return sql.preparedQuery(MEMBER).mapping(Participants::fromRow).execute(Tuple.of(chatId, ownerType, ownerId))
        .map(Rows::first);
  }

  /** Inserts a participant; empty when the owner is already a member. */
  public static Future<Optional<Participant>> insert(SqlClient sql, Chat chat, String ownerType, UUID ownerId, Instant now) {
    return sql.preparedQuery(INSERT).mapping(Participants::fromRow)
        .execute(Tuple.of(UUID.randomUUID(), chat.customerId(), ownerType, ownerId, chat.id(), Database.time(now)))
        .map(Rows::first);
  }

  /** Whether the owner may enter this direct chat (taking its free seat if it is the first other agent). */
  static Future<Boolean> takeDirectSeat(SqlClient sql, UUID chatId, UUID ownerId) {
    return sql.preparedQuery(DIRECT_SEAT).execute(Tuple.of(chatId, ownerId)).map(rows -> rows.size() == 1);
  }

  /** Deletes the participant of this chat; empty when there is none with that id. */
  static Future<Optional<Participant>> delete(SqlClient sql, UUID chatId, UUID participantId) {
    return sql.preparedQuery(DELETE).mapping(Participants::fromRow).execute(Tuple.of(participantId, chatId))
        .map(Rows::first);
  }

  static Future<List<Participant>> ofChat(SqlClient sql, UUID chatId) {
    return sql.preparedQuery(OF_CHAT).mapping(Participants::fromRow).execute(Tuple.of(chatId)).map(Rows::list);
  }

  static Future<List<Participant>> ofOwner(SqlClient sql, Actor actor) {
    return sql.preparedQuery(OF_OWNER).mapping(Participants::fromRow)
        .execute(Tuple.of(actor.ownerType(), actor.ownerId(), actor.customerId())).map(Rows::list);
  }
}
