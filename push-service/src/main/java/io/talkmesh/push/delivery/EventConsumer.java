package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConsumer;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's event queue: one exclusive, server-named, auto-delete queue on the event exchange, bound to
 * {@code <customer_id>.#} for each customer with a session here. After a reconnect the queue is gone, so the
 * callback declares a new one, points the consumer at it and rebinds every customer.
 * <p>
 * Manual ack with a bounded prefetch, rather than autoAck: the broker then never hands this instance more than
 * {@code prefetch} events at a time, so a busy instance leaves events in the broker instead of in an unbounded
 * in-memory queue; handling is synchronous (frames are queued on sockets), so the ack follows at once.
 * All state is touched on the verticle's context only.
 */
public final class EventConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);
  private static final long DECLARE_WAIT_MS = 2000;

  private final RabbitMQClient client;
  private final Context context;
  private final String exchange;
  private final int prefetch;
  private final Map<UUID, Future<Void>> bindings = new HashMap<>();
  private final Map<UUID, Future<Void>> unbindings = new HashMap<>();
  private final Promise<Void> declared = Promise.promise();
  private Handler<Event> handler = e -> { };
  private RabbitMQConsumer consumer;
  private String queue;

  public EventConsumer(RabbitMQClient client, Context context, String exchange, int prefetch) {
    this.client = client;
    this.context = context;
    this.exchange = exchange;
    this.prefetch = prefetch;
  }

  public EventConsumer handler(Handler<Event> handler) {
    this.handler = handler;
    return this;
  }

  /** Connects (retrying until the broker answers), declares the topology and starts consuming. */
  public Future<Void> start() {
    client.addConnectionEstablishedCallback(ready -> context.runOnContext(v -> {
      if (consumer == null) {
        ready.complete();
      } else {
        declare().compose(this::rebindAll).onComplete(ready);
      }
    }));
    return client.start()
        .compose(v -> declare())
        .compose(name -> client.basicConsumer(name, new QueueOptions().setAutoAck(false)
            .setMaxInternalQueueSize(prefetch * 2)))
        .onSuccess(c -> {
          consumer = c;
          c.exceptionHandler(err -> LOG.warn("event consumer failed: {}", err.getMessage()));
          c.handler(this::onMessage);
        })
        .compose(c -> rebindAll(queue));
  }

  public boolean ready() {
    return consumer != null && client.isConnected();
  }

  /** Stops consuming; unacked events are dropped with the queue when the connection closes. */
  public Future<Void> cancel() {
    return consumer == null ? Future.succeededFuture() : consumer.cancel().recover(err -> Future.succeededFuture());
  }

  public Future<Void> stop() {
    return client.stop().recover(err -> Future.succeededFuture());
  }

  /** Makes sure the customer's events reach this instance; completes once the binding is in place. */
  public Future<Void> bind(UUID customerId) {
    Future<Void> existing = bindings.get(customerId);
    if (existing != null && !existing.failed()) {
      return existing;
    }
    Future<Void> previous = unbindings.getOrDefault(customerId, Future.succeededFuture());
    Future<Void> bound = previous.transform(ar -> queueBind(customerId));
    bindings.put(customerId, bound);
    return bound;
  }

  /** The customer's last session left: stop receiving its events. */
  public void unbind(UUID customerId) {
    Future<Void> bound = bindings.remove(customerId);
    if (bound == null) {
      return;
    }
    Future<Void> unbound = bound.transform(ar -> ar.succeeded() && queue != null
        ? client.queueUnbind(queue, exchange, Event.customerPattern(customerId))
            .recover(err -> Future.succeededFuture())
        : Future.succeededFuture());
    unbindings.put(customerId, unbound);
    unbound.onComplete(ar -> unbindings.remove(customerId, unbound));
  }

  /** Binds once the queue exists; while the broker is still unreachable at start, fails after a short wait. */
  private Future<Void> queueBind(UUID customerId) {
    return declared.future()
        .timeout(DECLARE_WAIT_MS, TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture("the event queue is not declared (broker unreachable)"))
        .compose(v -> client.queueBind(queue, exchange, Event.customerPattern(customerId)));
  }

  private Future<String> declare() {
    return client.exchangeDeclare(exchange, "topic", true, false)
        .compose(v -> client.basicQos(prefetch))
        .compose(v -> client.queueDeclare("", false, true, true))
        .map(ok -> {
          queue = ok.getQueue();
          if (consumer != null) {
            consumer.setQueueName(queue);
          }
          declared.tryComplete();
          LOG.info("consuming events from {} on {}", queue, exchange);
          return queue;
        });
  }

  private Future<Void> rebindAll(String name) {
    for (UUID customerId : bindings.keySet()) {
      bindings.put(customerId, queueBind(customerId));
    }
    return Future.all(bindings.values().stream().toList()).mapEmpty();
  }

  private void onMessage(RabbitMQMessage message) {
    try {
      handler.handle(Event.fromDelivery(message));
    } catch (IllegalArgumentException e) {
      LOG.warn("dropping a message that is not an event ({}): {}", message.envelope().getRoutingKey(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("event handling failed for {}", message.envelope().getRoutingKey(), e);
    }
    client.basicAck(message.envelope().getDeliveryTag(), false)
        .onFailure(err -> LOG.debug("ack failed (connection lost; the queue went with it): {}", err.getMessage()));
  }
}
