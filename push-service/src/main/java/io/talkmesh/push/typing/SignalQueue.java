package io.talkmesh.push.typing;

import io.talkmesh.common.amqp.BrokerConnection;
import io.talkmesh.common.amqp.ConnectionQueue;
import io.talkmesh.common.config.AmqpConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's queue of ephemeral signals (typing), beside its event queue and apart from it, so a burst of
 * signals never delays an event: exclusive and auto-delete like the event queue, bound to the signal exchange with
 * the same patterns as the event queue (the chats this instance's sessions need, {@code Bindings}), auto-ack,
 * signals older than {@link #TTL_MS} expire in the broker and past {@link #MAX_LENGTH} the oldest are dropped. Lossy
 * by design: a lost signal is a typing line that shows late or not at all. Also the publisher of this instance's
 * sessions' signals (non-persistent, unconfirmed). All state is touched on the verticle's context.
 */
public final class SignalQueue {
  private static final Logger LOG = LoggerFactory.getLogger(SignalQueue.class);
  static final int TTL_MS = 5000;
  static final int MAX_LENGTH = 10_000;

  private final BrokerConnection connection;
  private final RabbitMQClient client;
  private final Context context;
  private final String exchange;
  private final ConnectionQueue queue;
  private final Set<String> patterns = new HashSet<>();
  private boolean declared;
  private Handler<Buffer> handler = b -> { };

  public SignalQueue(RabbitMQClient client, Context context, AmqpConfig amqp) {
    this.connection = new BrokerConnection(client);
    this.client = client;
    this.context = context;
    this.exchange = amqp.signalExchange();
    this.queue = new ConnectionQueue(() -> exchange + ".push." + UUID.randomUUID());
  }

  public SignalQueue handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  public Future<Void> start() {
    return connection.start(c -> declare())
        .compose(v -> queue.consume(connection, new QueueOptions().setAutoAck(true).setMaxInternalQueueSize(MAX_LENGTH),
            message -> handler.handle(message.body())));
  }

  public Future<Void> stop() {
    return connection.stop().recover(err -> Future.succeededFuture());
  }

  /** Signals of chats matching the pattern reach this instance from now on (best effort: a failure is logged). */
  public void bind(String pattern) {
    if (patterns.add(pattern) && declared) {
      queueBind(pattern);
    }
  }

  public void unbind(String pattern) {
    if (patterns.remove(pattern) && declared && queue.name() != null) {
      client.queueUnbind(queue.name(), exchange, pattern)
          .onFailure(err -> LOG.debug("signal unbind of {} failed: {}", pattern, err.getMessage()));
    }
  }

  /** Publishes a signal; fire and forget (a broker away loses it, as a signal may be lost). */
  public void publish(String routingKey, Buffer body) {
    if (!connection.isConnected()) {
      return;
    }
    client.basicPublish(exchange, routingKey, new com.rabbitmq.client.AMQP.BasicProperties.Builder()
            .deliveryMode(1).expiration(Integer.toString(TTL_MS)).contentType("application/json").build(), body)
        .onFailure(err -> LOG.debug("signal {} not published: {}", routingKey, err.getMessage()));
  }

  /** On every connection: the queue, then the exchange, then (on the verticle's context) every binding again. */
  private Future<Void> declare() {
    Future<String> declaredNow = queue.declare(client, new JsonObject().put("x-message-ttl", TTL_MS)
        .put("x-max-length", MAX_LENGTH).put("x-overflow", "drop-head"));
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> declaredNow
        .compose(name -> client.exchangeDeclare(exchange, "topic", false, false))
        .onSuccess(x -> {
          declared = true;
          patterns.forEach(this::queueBind);
        })
        .<Void>mapEmpty()
        .onComplete(done));
    return done.future();
  }

  private void queueBind(String pattern) {
    client.queueBind(queue.name(), exchange, pattern)
        .onFailure(err -> LOG.warn("signal binding {} failed: {}", pattern, err.getMessage()));
  }
}
