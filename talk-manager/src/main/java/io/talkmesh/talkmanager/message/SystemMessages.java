package io.talkmesh.talkmanager.message;

import io.talkmesh.common.rpc.Trace;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.Message;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.UUID;

/**
 * Messages talk-manager writes itself ({@code type: "system"}, owner_type {@code system}) when participants join or
 * leave, in the transaction of the change, and pushed like any message.
 */
public final class SystemMessages {
  public static final String OWNER_TYPE = "system";
  /** System messages have no agent behind them: their owner_id is the nil UUID. */
  public static final UUID OWNER_ID = new UUID(0, 0);

  private SystemMessages() {
  }

  public static Future<Message> joined(SqlConnection tx, Chat chat, String name, Instant now, Trace trace) {
    return write(tx, chat, name + " joined the conversation.", now, trace);
  }

  public static Future<Message> left(SqlConnection tx, Chat chat, String name, Instant now, Trace trace) {
    return write(tx, chat, name + " left the conversation.", now, trace);
  }

  private static Future<Message> write(SqlConnection tx, Chat chat, String text, Instant now, Trace trace) {
    return MessageStore.insert(tx, chat.customerId(), OWNER_TYPE, OWNER_ID, chat.id(), null, Message.TYPE_SYSTEM, text,
            new JsonArray(), now)
        .compose(message -> io.talkmesh.talkmanager.outbox.Outbox.append(tx, chat.customerId(), chat.id(),
            EventType.CHATMESSAGE_CREATED, message.toJson(), trace).map(message));
  }
}
