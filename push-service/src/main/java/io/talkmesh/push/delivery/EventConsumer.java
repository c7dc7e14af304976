package io.talkmesh.push.delivery;

import io.talkmesh.common.amqp.BrokerConnection;
import io.talkmesh.common.amqp.ConnectionQueue;
import io.talkmesh.common.amqp.EventExchange;
import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.event.Event;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.common.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's event queue: one exclusive, auto-delete queue on the event exchange, bound only to what its
 * sessions subscribed to ({@link Bindings}: {@code <customer_id>.#} or {@code <customer_id>.<chat_id>.*}).
 * After a reconnect the queue is gone, so a new one is declared ({@link ConnectionQueue}), every pattern rebound,
 * and the {@link #onReconnect} handler told: events published meanwhile went nowhere, so sessions must resume.
 * <p>
 * Manual ack with a bounded prefetch, rather than autoAck: the broker then never hands this instance more than
 * {@code prefetch} events at a time, so a busy instance leaves events in the broker instead of in an unbounded
 * in-memory queue; handling is synchronous (frames are queued on sockets), so the ack follows at once.
 * All state is touched on the verticle's context only. With tracing on, handling an event (its delivery to this
 * instance's sessions) is a consumer span continuing the traceparent header the relay's publish span put on it.
 */
public final class EventConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);
  private static final long DECLARE_WAIT_MS = 2000;

  private final BrokerConnection connection;
  private final RabbitMQClient client;
  private final Context context;
  private final AmqpConfig amqp;
  private final String exchange;
  private final int prefetch;
  private final ConnectionQueue queue;
  private final Map<String, Future<Void>> bindings = new HashMap<>();
  private final Map<String, Future<Void>> unbindings = new HashMap<>();
  private final Promise<Void> declared = Promise.promise();
  private Handler<Event> handler = e -> { };
  private Runnable reconnected = () -> { };
  private Tracing tracing = Tracing.OFF;

  public EventConsumer(RabbitMQClient client, Context context, AmqpConfig amqp, int prefetch) {
    this.connection = new BrokerConnection(client);
    this.client = client;
    this.context = context;
    this.amqp = amqp;
    this.exchange = amqp.eventExchange();
    this.prefetch = prefetch;
    // a fresh name per connection: the old exclusive queue may linger until the broker notices the old link died
    this.queue = new ConnectionQueue(() -> exchange + ".push." + UUID.randomUUID());
  }

  public EventConsumer handler(Handler<Event> handler) {
    this.handler = handler;
    return this;
  }

  /** Handles every event in a consumer span of this tracing (when it is enabled). */
  public EventConsumer tracing(Tracing tracing) {
    this.tracing = tracing;
    return this;
  }

  /** Called on the verticle's context after the queue was redeclared and rebound following a reconnect. */
  public EventConsumer onReconnect(Runnable reconnected) {
    this.reconnected = reconnected;
    return this;
  }

  /** Connects (retrying until the broker answers), declares the topology and starts consuming. */
  public Future<Void> start() {
    return connection.start(c -> declare())
        .compose(v -> queue.consume(connection, new QueueOptions().setAutoAck(false)
            .setMaxInternalQueueSize(prefetch * 2), this::onMessage))
        .compose(v -> rebindAll());
  }

  public boolean ready() {
    return queue.consuming() && connection.isConnected();
  }

  /** Stops consuming; unacked events are dropped with the queue when the connection closes. */
  public Future<Void> cancel() {
    return connection.cancel();
  }

  public Future<Void> stop() {
    return connection.stop().recover(err -> Future.succeededFuture());
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
    Future<Void> unbound = bound.transform(ar -> ar.succeeded() && queue.name() != null
        ? client.queueUnbind(queue.name(), exchange, pattern).recover(err -> Future.succeededFuture())
        : Future.succeededFuture());
    unbindings.put(pattern, unbound);
    unbound.onComplete(ar -> unbindings.remove(pattern, unbound));
  }

  /** Binds once the queue exists; while the broker is still unreachable at start, fails after a short wait. */
  private Future<Void> queueBind(String pattern) {
    return declared.future()
        .timeout(DECLARE_WAIT_MS, TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture("the event queue is not declared (broker unreachable)"))
        .compose(v -> client.queueBind(queue.name(), exchange, pattern));
  }

  /**
   * On every connection: the queue first, declared at once on the callback's thread, then (on the verticle's
   * context) the exchange and the prefetch bound; after a reconnect also every binding, then the handler is told.
   */
  private Future<Void> declare() {
    boolean reconnect = queue.consuming();
    Future<String> declaredNow = queue.declare(client);
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> declaredNow
        .compose(name -> {
          if (reconnect) {
            LOG.info("consuming events from {} on {} after a reconnect", name, exchange);
          } else {
            LOG.debug("consuming events from {} on {}", name, exchange);
          }
          return EventExchange.declare(client, amqp).compose(x -> client.basicQos(prefetch));
        })
        .compose(ok -> {
          if (!reconnect) {
            declared.tryComplete();
            return Future.succeededFuture();
          }
          return rebindAll().onSuccess(x -> reconnected.run());
        })
        .onComplete(done));
    return done.future();
  }

  private Future<Void> rebindAll() {
    for (String pattern : bindings.keySet()) {
      bindings.put(pattern, queueBind(pattern));
    }
    return Future.all(bindings.values().stream().toList()).mapEmpty();
  }

  private void onMessage(RabbitMQMessage message) {
    if (tracing.enabled()) {
      Span span = deliverySpan(message);
      try {
        handle(message);
      } finally {
        span.end();
      }
    } else {
      handle(message);
    }
    client.basicAck(message.envelope().getDeliveryTag(), false)
        .onFailure(err -> LOG.debug("ack failed (connection lost; the queue went with it): {}", err.getMessage()));
  }

  private Span deliverySpan(RabbitMQMessage message) {
    Map<String, Object> headers = message.properties().getHeaders();
    Object traceparent = headers == null ? null : headers.get(Trace.HEADER_TRACEPARENT);
    return tracing.startContinuing(traceparent == null ? "" : traceparent.toString(), "process " + exchange,
            SpanKind.CONSUMER)
        .setAttribute("messaging.system", "rabbitmq")
        .setAttribute("messaging.operation.type", "process")
        .setAttribute("messaging.destination.name", exchange)
        .setAttribute("messaging.rabbitmq.destination.routing_key", message.envelope().getRoutingKey());
  }

  private void handle(RabbitMQMessage message) {
    try {
      handler.handle(Event.fromDelivery(message));
    } catch (IllegalArgumentException e) {
      LOG.warn("dropping a message that is not an event ({}): {}", message.envelope().getRoutingKey(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("event handling failed for {}", message.envelope().getRoutingKey(), e);
    }
  }
}
