package io.talkmesh.common.amqp;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConsumer;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.util.function.Supplier;

/**
 * A queue that lives as long as one connection: exclusive, auto-delete, and named afresh on every connection (the
 * old one may linger until the broker notices the old link died). {@link #declare} belongs in the owner's
 * {@link BrokerConnection#start} step: it points the consumer at the new name and queues the declaration at once,
 * on the callback's thread, so the client's re-consume that follows finds the queue (a server-named queue would
 * be known only after that re-consume had failed on the old name, forever).
 */
public final class ConnectionQueue {
  private final Supplier<String> names;
  private volatile String name;
  private volatile RabbitMQConsumer consumer;

  /** {@code names} gives a new, unique name on each call. */
  public ConnectionQueue(Supplier<String> names) {
    this.names = names;
  }

  /** Names, points the consumer at and declares this connection's queue; completes with its name once declared. */
  public Future<String> declare(RabbitMQClient client) {
    return declare(client, null);
  }

  /** {@link #declare(RabbitMQClient)} with queue arguments (x-message-ttl, x-max-length...); null for none. */
  public Future<String> declare(RabbitMQClient client, io.vertx.core.json.JsonObject arguments) {
    String fresh = names.get();
    if (consumer != null) {
      consumer.setQueueName(fresh);
    }
    Future<?> declared = arguments == null ? client.queueDeclare(fresh, false, true, true)
        : client.queueDeclare(fresh, false, true, true, arguments);
    return declared.map(ok -> {
      name = fresh;
      return fresh;
    });
  }

  /** Starts consuming the queue declared by the first {@link #declare}. */
  public Future<Void> consume(BrokerConnection connection, QueueOptions options, Handler<RabbitMQMessage> handler) {
    return connection.consume(name, options, handler).onSuccess(c -> consumer = c).mapEmpty();
  }

  /** The current connection's queue; null until the first one is declared. */
  public String name() {
    return name;
  }

  /** Whether {@link #consume} succeeded (the consumer then follows the queue across reconnects). */
  public boolean consuming() {
    return consumer != null;
  }
}
