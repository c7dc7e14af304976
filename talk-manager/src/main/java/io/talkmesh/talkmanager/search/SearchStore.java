package io.talkmesh.talkmanager.search;

import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.request.search.SearchMessages;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Rows;
import io.talkmesh.talkmanager.message.MessageRows;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * SQL of message search (schema V14). The GIN index on talk_messages.tsv finds the matches; the filters that follow
 * keep only what the reader may read; ranking sorts what is left.
 *
 * <p>The query is never parsed as tsquery syntax from the client's text: PostgreSQL splits and normalises the text
 * with the configuration the messages were indexed with ({@code to_tsvector}), and each resulting lexeme becomes a
 * quoted prefix term ({@code 'lexeme':*}, its quotes and backslashes escaped), all of them ANDed. Operators in the
 * text ({@code & | ! ( ) : *}) are separators to the parser, so they never reach the tsquery; a text of nothing but
 * stop words or punctuation makes a NULL query, which matches nothing.
 */
final class SearchStore {
  private static final String QUERY = """
      WITH query AS (
        SELECT string_agg('''' || replace(replace(w.lexeme, '\\', '\\\\'), '''', '''''') || ''':*', ' & ')::tsquery AS q
        FROM talk_search_config s, unnest(to_tsvector(s.config, $1)) AS w)
      """;
  /**
   * Readable: the reader's customer, a live chat it participates in or a live public channel of its customer, a
   * live message. The optional filters are appended only when given, each with its own parameter, so that every
   * variant is a plain conjunction the planner can use as it is (no {@code $n IS NULL OR ...}).
   */
  private static final String SELECT = "SELECT " + MessageRows.columns("m") + " FROM query, talk_messages m"
      + " JOIN talk_chats c ON c.id = m.chat_id"
      + " WHERE m.tsv @@ query.q AND m.customer_id = $2 AND c.customer_id = $2 AND m.tm_delete IS NULL"
      + " AND c.tm_delete IS NULL AND (c.type = 'talk' OR EXISTS (SELECT 1 FROM talk_participants p"
      + " WHERE p.chat_id = m.chat_id AND p.owner_type = $3 AND p.owner_id = $4))";
  private static final String ORDER = " ORDER BY ts_rank(m.tsv, query.q) DESC, m.tm_create DESC, m.id DESC";
  static final String AGENT_OF_CUSTOMER = "SELECT EXISTS (SELECT 1 FROM agents WHERE id = $1 AND customer_id = $2) AS found";

  private SearchStore() {
  }

  /** One page of the ranking: {@code limit} messages from position {@code offset}. */
  static Future<List<Message>> search(SqlClient sql, Actor reader, String words, SearchMessages filter, int limit,
                                      int offset) {
    StringBuilder statement = new StringBuilder(QUERY).append(SELECT);
    Tuple params = Tuple.of(words, reader.customerId(), reader.ownerType(), reader.ownerId());
    if (filter.chatId() != null) {
      params.addUUID(filter.chatId());
      statement.append(" AND m.chat_id = $").append(params.size());
    }
    if (filter.ownerId() != null) {
      params.addUUID(filter.ownerId());
      statement.append(" AND m.owner_id = $").append(params.size());
    }
    if (filter.after() != null) {
      params.addOffsetDateTime(Database.time(filter.after()));
      statement.append(" AND m.tm_create > $").append(params.size());
    }
    if (filter.before() != null) {
      params.addOffsetDateTime(Database.time(filter.before()));
      statement.append(" AND m.tm_create < $").append(params.size());
    }
    params.addInteger(limit).addInteger(offset);
    statement.append(ORDER).append(" LIMIT $").append(params.size() - 1).append(" OFFSET $").append(params.size());
    return sql.preparedQuery(statement.toString()).mapping(MessageRows::fromRow).execute(params).map(Rows::list);
  }

  static Future<Boolean> agentOfCustomer(SqlClient sql, UUID agentId, UUID customerId) {
    return sql.preparedQuery(AGENT_OF_CUSTOMER).execute(Tuple.of(agentId, customerId))
        .map(rows -> rows.iterator().next().getBoolean("found"));
  }
}
