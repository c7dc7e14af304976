package io.talkmesh.talkmanager.db;

import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a statement's rows become once mapped ({@code preparedQuery(sql).mapping(Table::fromRow)}): all of them, the
 * only one, or the one if any. Each table's mapper lives next to that table's SQL.
 */
public final class Rows {
  private Rows() {
  }

  public static <T> List<T> list(RowSet<T> rows) {
    List<T> list = new ArrayList<>(rows.size());
    rows.forEach(list::add);
    return list;
  }

  /** The first row, for statements that return exactly one (an INSERT or UPDATE ... RETURNING of a known row). */
  public static <T> T one(RowSet<T> rows) {
    return rows.iterator().next();
  }

  public static <T> Optional<T> first(RowSet<T> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }
}
