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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's event queue: one exclusive, auto-delete queue on the event exchange, bound only to what its
 * sessions subscribed to ({@link Bindings}: {@code <customer_id>.#} or {@code <customer_id>.<chat_id>.*}).
 * After a reconnect the queue is gone, so the callback names a new one, points the consumer at it and declares it
 * at once, on the callback's own thread: the client restarts the consumer without waiting for the callback's future,
 * and its channel operations run in order, so the declare must be queued before that restart (a server-named queue
 * could only be known after the restart had already failed on the old name, forever). Then it rebinds every pattern
 * and tells the {@link #onReconnect} handler: events published meanwhile went nowhere, so sessions must resume.
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
  private final Map<String, Future<Void>> bindings = new HashMap<>();
  private final Map<String, Future<Void>> unbindings = new HashMap<>();
  private final Promise<Void> declared = Promise.promise();
  private Handler<Event> handler = e -> { };
  private Runnable reconnected = () -> { };
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

  /** Called on the verticle's context after the queue was redeclared and rebound following a reconnect. */
  public EventConsumer onReconnect(Runnable reconnected) {
    this.reconnected = reconnected;
    return this;
  }

  /** Connects (retrying until the broker answers), declares the topology and starts consuming. */
  public Future<Void> start() {
    client.addConnectionEstablishedCallback(ready -> {
      if (consumer == null) {
        ready.complete();
        return;
      }
      String fresh = newQueueName();
      consumer.setQueueName(fresh);
      Future<Void> declaredNow = client.queueDeclare(fresh, false, true, true).mapEmpty();
      context.runOnContext(v -> declaredNow
          .compose(ok -> {
            queue = fresh;
            LOG.info("consuming events from {} on {} after a reconnect", queue, exchange);
            return client.exchangeDeclare(exchange, "topic", true, false).compose(x -> client.basicQos(prefetch));
          })
          .compose(ok -> rebindAll(queue))
          .onSuccess(ok -> reconnected.run())
          .onComplete(ready));
    });
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

  /** Makes sure events matching the binding pattern reach this instance; completes once the binding is in place. */
  public Future<Void> bind(String pattern) {
    Future<Void> existing = bindings.get(pattern);
    if (existing != null && !existing.failed()) {
      return existing;
    }
    Future<Void> previous = unbindings.getOrDefault(pattern, Future.succeededFuture());
    Future<Void> bound = previous.transform(ar -> queueBind(pattern));
    bindings.put(pattern, bound);
    return bound;
  }

  /** No session needs the pattern any more: stop receiving its events. */
  public void unbind(String pattern) {
    Future<Void> bound = bindings.remove(pattern);
    if (bound == null) {
      return;
    }
    Future<Void> unbound = bound.transform(ar -> ar.succeeded() && queue != null
        ? client.queueUnbind(queue, exchange, pattern).recover(err -> Future.succeededFuture())
        : Future.succeededFuture());
    unbindings.put(pattern, unbound);
    unbound.onComplete(ar -> unbindings.remove(pattern, unbound));
  }

  /** Binds once the queue exists; while the broker is still unreachable at start, fails after a short wait. */
  private Future<Void> queueBind(String pattern) {
    return declared.future()
        .timeout(DECLARE_WAIT_MS, TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture("the event queue is not declared (broker unreachable)"))
        .compose(v -> client.queueBind(queue, exchange, pattern));
  }

  private Future<String> declare() {
    return client.exchangeDeclare(exchange, "topic", true, false)
        .compose(v -> client.basicQos(prefetch))
        .compose(v -> client.queueDeclare(newQueueName(), false, true, true))
        .map(ok -> {
          queue = ok.getQueue();
          declared.tryComplete();
          LOG.info("consuming events from {} on {}", queue, exchange);
          return queue;
        });
  }

  /** A fresh queue name per connection: the old exclusive queue may linger until the broker notices the old link died. */
  private String newQueueName() {
    return exchange + ".push." + java.util.UUID.randomUUID();
  }

  private Future<Void> rebindAll(String name) {
    for (String pattern : bindings.keySet()) {
      bindings.put(pattern, queueBind(pattern));
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
