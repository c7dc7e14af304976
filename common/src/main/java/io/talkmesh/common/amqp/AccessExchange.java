package io.talkmesh.common.amqp;

import io.talkmesh.common.auth.AccessState;
import io.talkmesh.common.config.AmqpConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;

/**
 * The fanout exchange {@code {prefix}talk-manager.access}: talk-manager publishes one message per change of an
 * agent's access (permission, deletion, sessions cut-off), every gateway and push instance binds its own queue.
 * Body {@code {"type":"agent_access_changed","publisher":"talk-manager","data":<AccessState>}}, no routing key.
 */
public final class AccessExchange {
  public static final String TYPE = "agent_access_changed";

  private AccessExchange() {
  }

  /** Declares the durable fanout exchange (idempotent). */
  public static Future<Void> declare(RabbitMQClient client, AmqpConfig config) {
    return client.exchangeDeclare(config.accessExchange(), "fanout", true, false);
  }

  public static Buffer body(JsonObject state) {
    return new JsonObject().put("type", TYPE).put("publisher", "talk-manager").put("data_type", "application/json")
        .put("data", state).toBuffer();
  }

  /** The state a message carries; IllegalArgumentException when it is not an access change. */
  public static AccessState parse(Buffer body) {
    JsonObject json;
    try {
      json = body.toJsonObject();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (!TYPE.equals(json.getString("type")) || !(json.getValue("data") instanceof JsonObject data)) {
      throw new IllegalArgumentException("not an " + TYPE);
    }
    try {
      return AccessState.fromJson(data);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("bad " + TYPE + ": " + e.getMessage());
    }
  }
}
