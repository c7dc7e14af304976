package io.talkmesh.talkmanager.message;

import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which of the agents a message names it mentions: those that participate in its chat, the author excepted, in the
 * order given. Anyone else is ignored rather than refused (docs/read-state.md): an agent who left while the message
 * was written must not make the send fail, and a mention can reach nobody outside the chat, so naming a stranger
 * (or another customer's agent) tells the sender nothing. The check is one indexed read, only when there are names.
 */
final class Mentions {
  static final String PARTICIPANTS = "SELECT owner_id FROM talk_participants WHERE chat_id = $1 AND owner_type = $2"
      + " AND owner_id = ANY($3::uuid[]) AND customer_id = $4";

  private Mentions() {
  }

  static Future<List<UUID>> ofParticipants(SqlClient sql, Actor actor, UUID chatId, List<UUID> named) {
    List<UUID> others = named.stream().filter(id -> !id.equals(actor.ownerId())).toList();
    if (others.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return sql.preparedQuery(PARTICIPANTS)
        .execute(Tuple.of(chatId, Agent.OWNER_TYPE, others.toArray(UUID[]::new), actor.customerId()))
        .map(rows -> {
          Set<UUID> present = new HashSet<>();
          for (Row row : rows) {
            present.add(row.getUUID("owner_id"));
          }
          return others.stream().filter(present::contains).toList();
        });
  }
}
