package io.talkmesh.common.amqp;

import io.talkmesh.common.config.AmqpConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConsumer;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker connection's lifecycle: connects (retrying until the broker answers), redoes the owner's declarations
 * on every connection (the first and each one after a loss), says whether it is up (readiness), and closes
 * cleanly, consumers first.
 * <p>
 * The client reconnects by itself ({@link Amqp#client}) but recovers no topology, and a broker restart loses every
 * queue, exchange and {@code basicQos}: so the declarations run inside the client's connection-established
 * callback, never once after {@code start}. The client calls that callback synchronously on its connect thread (a
 * worker), re-consumes its consumers as soon as the callback returns (without waiting for the callback's future)
 * and runs channel operations in order: whatever the declare step issues before returning is queued ahead of that
 * re-consume. A step that touches its owner's state must hop to the owner's context itself.
 */
public final class BrokerConnection {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);

  private final RabbitMQClient client;
  private final List<RabbitMQConsumer> consumers = new CopyOnWriteArrayList<>();
  /** The least time between two renewals by {@link #confirmed}. */
  static final long RENEW_INTERVAL_MS = 1000;
  private volatile long renewedAt = System.nanoTime() - java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

  public BrokerConnection(RabbitMQClient client) {
    this.client = client;
  }

  /** A connection to the broker of {@code config}, named {@code name} in the broker's management views. */
  public static BrokerConnection open(Vertx vertx, AmqpConfig config, String name) {
    return new BrokerConnection(Amqp.client(vertx, config.uri(), name));
  }

  /** For channel operations (publish, ack, bind); they fail while the connection is down. */
  public RabbitMQClient client() {
    return client;
  }

  /**
   * Connects and runs {@code declare} on this connection and on every later one; completes once the first
   * connection's declarations are done (fails if they fail).
   */
  public Future<Void> start(Function<RabbitMQClient, Future<Void>> declare) {
    Promise<Void> first = Promise.promise();
    client.addConnectionEstablishedCallback(ready -> {
      Future<Void> declared;
      try {
        declared = declare.apply(client);
      } catch (RuntimeException e) {
        declared = Future.failedFuture(e);
      }
      declared
          .onFailure(err -> LOG.warn("broker declarations failed: {}", err.toString()))
          .onComplete(ar -> {
            if (ar.succeeded()) {
              first.tryComplete();
            } else {
              first.tryFail(ar.cause());
            }
          })
          .onComplete(ready);
    });
    return client.start().compose(v -> first.future());
  }

  /** Starts consuming {@code queue}; the client re-consumes it after a reconnect, {@link #stop} cancels it. */
  public Future<RabbitMQConsumer> consume(String queue, QueueOptions options, Handler<RabbitMQMessage> handler) {
    return client.basicConsumer(queue, options).onSuccess(c -> {
      consumers.add(c);
      c.exceptionHandler(err -> LOG.warn("consumer of {} failed", c.queueName(), err));
      c.handler(handler);
    });
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  /** Stops every consumer of this connection; what they had not acked goes back to the broker. */
  public Future<Void> cancel() {
    List<Future<Void>> cancelled = consumers.stream()
        .filter(c -> !c.isCancelled())
        .map(BrokerConnection::cancel)
        .toList();
    return Future.all(cancelled).mapEmpty();
  }

  /** A consumer whose channel is already closed throws instead of failing its future: nothing is left to cancel. */
  private static Future<Void> cancel(RabbitMQConsumer consumer) {
    try {
      return consumer.cancel().recover(err -> Future.succeededFuture());
    } catch (RuntimeException closed) {
      return Future.succeededFuture();
    }
  }

  /**
   * Waits until the broker confirms every publish of this connection so far (its channel in confirm mode). When it
   * nacks one or does not confirm in time, the channel may be stale: RabbitMQ 3.10 nacks every publish of a channel
   * that first routed to a quorum queue while that queue was electing a new leader, until the lost node returns. So
   * the connection is then renewed ({@link #renew}, at most every {@value #RENEW_INTERVAL_MS} ms) for the caller's
   * next attempt to go out on a fresh channel; the returned future fails either way.
   */
  public Future<Void> confirmed(long timeoutMs) {
    return client.waitForConfirms(timeoutMs).onFailure(err -> {
      long now = System.nanoTime();
      if (now - renewedAt < java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(RENEW_INTERVAL_MS)
          || !client.isConnected()) {
        return;
      }
      renewedAt = now;
      LOG.warn("publishes not confirmed ({}): opening a new broker connection", err.toString());
      renew().onFailure(e -> LOG.warn("could not renew the broker connection: {}", e.toString()));
    });
  }

  /**
   * Closes this connection and opens a new one, redoing the declarations of {@link #start}: for a connection that
   * only publishes (a consumer would be restarted by the client on its own meanwhile). Completes once connected again.
   */
  public Future<Void> renew() {
    if (!consumers.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("a connection with consumers is not renewed"));
    }
    return client.stop().recover(err -> Future.succeededFuture()).compose(v -> client.start());
  }

  /** Cancels the consumers first (a live consumer whose channel closes makes the client reconnect), then closes. */
  public Future<Void> stop() {
    return cancel().eventually(client::stop);
  }
}
