package io.talkmesh.common.amqp;

import io.talkmesh.common.config.AmqpConfig;
import io.vertx.core.Future;
import io.vertx.rabbitmq.RabbitMQClient;

/** The topic exchange talk-manager publishes its domain events to; declared the same way by publisher and consumers. */
public final class EventExchange {
  private EventExchange() {
  }

  /** Declares the durable topic exchange {@link AmqpConfig#eventExchange()} (idempotent). */
  public static Future<Void> declare(RabbitMQClient client, AmqpConfig config) {
    return client.exchangeDeclare(config.eventExchange(), "topic", true, false);
  }
}
