package io.talkmesh.common.rpc;

import com.rabbitmq.client.AMQP;
import io.talkmesh.common.error.Errors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.ops.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConsumer;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a manager over RabbitMQ: one exclusive, auto-delete reply queue per client (named by the client, renewed per
 * connection; see {@link #start()}), replies matched by
 * correlation id, a timeout on every call, and the same timeout as the request's expiration so stale requests
 * expire unprocessed. Belongs to one verticle instance (the broker client is not thread-safe).
 */
public final class RpcClient {
  private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);

  private final RabbitMQClient client;
  private final String requestQueue;
  private final long timeoutMs;
  private final Map<String, Promise<RpcResponse>> pending = new ConcurrentHashMap<>();
  private volatile String replyQueue;
  private RabbitMQConsumer consumer;
  private MeterRegistry meters = new SimpleMeterRegistry();

  public RpcClient(RabbitMQClient client, String requestQueue, long timeoutMs) {
    this.client = client;
    this.requestQueue = requestQueue;
    this.timeoutMs = timeoutMs;
  }

  /** Records {@code talk_rpc_client_seconds{route,outcome}} in this registry. */
  public RpcClient metrics(MeterRegistry registry) {
    this.meters = registry;
    return this;
  }

  /** Connects, declares the reply queue and starts consuming replies; on every reconnect the queue is redeclared. */
  public Future<Void> start() {
    // On a reconnect the client restarts the reply consumer without waiting for this callback's future, and runs
    // channel operations in order: so the new queue is named, set on the consumer and declared right here, before
    // that restart (a server-named queue would only be known after the restart had failed on the old name).
    client.addConnectionEstablishedCallback(ready -> {
      if (consumer == null) {
        ready.complete();
        return;
      }
      String fresh = newReplyQueueName();
      consumer.setQueueName(fresh);
      client.queueDeclare(fresh, false, true, true).onSuccess(ok -> replyQueue = fresh).<Void>mapEmpty().onComplete(ready);
    });
    return client.start()
        .compose(v -> declareReplyQueue())
        .compose(name -> client.basicConsumer(name, new QueueOptions().setAutoAck(true)))
        .onSuccess(c -> {
          consumer = c;
          c.exceptionHandler(err -> LOG.warn("reply consumer failed", err));
          c.handler(this::onReply);
        })
        .mapEmpty();
  }

  /** Cancels the reply consumer first: a live consumer whose channel closes makes the client reconnect. */
  public Future<Void> stop() {
    pending.values().forEach(p -> p.tryFail(TalkException.unavailable("RPC_CLIENT_STOPPED", "client stopped")));
    pending.clear();
    Future<Void> cancel = consumer == null ? Future.succeededFuture() : consumer.cancel();
    return cancel.recover(err -> Future.succeededFuture()).eventually(client::stop);
  }

  public Future<RpcResponse> call(RpcRequest request) {
    return call(request, timeoutMs);
  }

  public Future<RpcResponse> call(RpcRequest request, long timeout) {
    Timer.Sample sample = Timer.start(meters);
    String route = Metrics.route(request.method(), request.uri());
    return send(request, timeout).andThen(ar -> sample.stop(Metrics.timer(meters, "talk.rpc.client",
        "RPC round trips as the caller sees them", "route", route, "outcome", outcome(ar))));
  }

  private static String outcome(io.vertx.core.AsyncResult<RpcResponse> ar) {
    if (ar.succeeded()) {
      return String.valueOf(ar.result().statusCode());
    }
    return ar.cause() instanceof TalkException t ? t.status().name() : "ERROR";
  }

  /** Whether a call can be sent now: connected, with this connection's reply queue declared (readiness uses it). */
  public boolean isReady() {
    return replyQueue != null && client.isConnected();
  }

  private Future<RpcResponse> send(RpcRequest request, long timeout) {
    String queue = replyQueue;
    if (queue == null || !client.isConnected()) {
      return Future.failedFuture(TalkException.unavailable("BROKER_UNAVAILABLE", "the message broker is not reachable"));
    }
    String correlationId = UUID.randomUUID().toString();
    Promise<RpcResponse> reply = Promise.promise();
    pending.put(correlationId, reply);
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .correlationId(correlationId)
        .replyTo(queue)
        .contentType(RpcRequest.JSON)
        .expiration(Long.toString(timeout))
        .build();
    return client.basicPublish("", requestQueue, props, request.toBuffer())
        .recover(err -> Future.failedFuture(
            TalkException.unavailable("BROKER_UNAVAILABLE", "could not send the request: %s", err.getMessage())))
        .compose(v -> reply.future())
        .timeout(timeout, TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture(Errors.toTalk(err)))
        .andThen(ar -> pending.remove(correlationId));
  }

  /** One reply queue per client and connection: exclusive, auto-delete, named by the client. */
  private String newReplyQueueName() {
    return requestQueue + ".reply." + UUID.randomUUID();
  }

  private Future<String> declareReplyQueue() {
    return client.queueDeclare(newReplyQueueName(), false, true, true)
        .map(ok -> {
          replyQueue = ok.getQueue();
          return replyQueue;
        });
  }

  private void onReply(RabbitMQMessage message) {
    String id = message.properties().getCorrelationId();
    Promise<RpcResponse> reply = id == null ? null : pending.remove(id);
    if (reply == null) {
      return;
    }
    try {
      reply.tryComplete(RpcResponse.fromBuffer(message.body()));
    } catch (RuntimeException e) {
      reply.tryFail(TalkException.internal("INVALID_REPLY", "malformed RPC reply"));
    }
  }
}
