package io.talkmesh.talkmanager.db;

import io.talkmesh.common.json.PageRequest;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A newest-first list read page by page on a (time, id) key, written once: from the query's selection and filter it
 * makes the first-page statement and the statement that continues after a {@link PageRequest}'s cursor.
 *
 * <p>Two statements rather than one with a nullable cursor ({@code $n IS NULL OR (time, id) < ...}): statements are
 * cached per connection, PostgreSQL soon plans a cached statement generically, and in a generic plan that OR is a
 * filter, not an index condition, so a page deep in a list would read every row before it (EXPLAIN on a chat of
 * 20,000 messages: 19,499 rows read and dropped for a page of 100, against 100 with the cursor in the index).
 *
 * @param first the first page: {@code select ORDER BY time DESC, id DESC LIMIT $n+1}
 * @param after the page after a cursor: {@code select AND (time, id) < ($n+2, $n+3) ORDER BY ... LIMIT $n+1}
 */
public record Keyset(String first, String after) {
  private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");

  /**
   * @param select the query up to its last WHERE condition (no ORDER BY, no LIMIT), with parameters $1..$n
   * @param time   the key's time column as the query names it, e.g. {@code c.tm_create}
   * @param id     the key's id column, e.g. {@code c.id}
   */
  public static Keyset of(String select, String time, String id) {
    int n = highestParameter(select);
    String order = " ORDER BY " + time + " DESC, " + id + " DESC LIMIT $" + (n + 1);
    return new Keyset(select + order,
        select + " AND (" + time + ", " + id + ") < ($" + (n + 2) + ", $" + (n + 3) + ")" + order);
  }

  /**
   * The page's rows, mapped: {@code filter} holds the values of $1..$n (it is extended with the page size and the
   * cursor, so pass a fresh tuple).
   */
  public <T> Future<List<T>> list(SqlClient sql, Tuple filter, PageRequest page, Function<Row, T> mapper) {
    Tuple params = filter.addInteger(page.size());
    if (!page.first()) {
      params.addOffsetDateTime(Database.time(page.afterTime())).addUUID(page.afterId());
    }
    return sql.preparedQuery(page.first() ? first : after).mapping(mapper).execute(params).map(Rows::list);
  }

  private static int highestParameter(String sql) {
    int highest = 0;
    Matcher m = PARAMETER.matcher(sql);
    while (m.find()) {
      highest = Math.max(highest, Integer.parseInt(m.group(1)));
    }
    return highest;
  }
}
