package io.talkmesh.talkmanager.message;

import io.talkmesh.common.model.Message;
import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Message rows for other packages' queries that join talk_messages (pins, search): its columns under a table
 * alias, so that they do not clash with the joined table's, and the one mapper of those rows.
 */
public final class MessageRows {
  private MessageRows() {
  }

  /** The columns {@link #fromRow} reads, each qualified by {@code alias} (e.g. {@code m.id, m.customer_id, ...}). */
  public static String columns(String alias) {
    return Arrays.stream(MessageStore.COLUMNS.split(","))
        .map(column -> alias + "." + column.strip())
        .collect(Collectors.joining(", "));
  }

  public static Message fromRow(Row row) {
    return MessageStore.fromRow(row);
  }
}
