package io.talkmesh.common.rpc;

import com.rabbitmq.client.AMQP;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.talkmesh.common.amqp.BrokerConnection;
import io.talkmesh.common.amqp.ConnectionQueue;
import io.talkmesh.common.error.Errors;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.ops.Metrics;
import io.talkmesh.common.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Calls a manager over RabbitMQ: one exclusive, auto-delete reply queue per client (named by the client, renewed per
 * connection: {@link ConnectionQueue}), replies matched by correlation id, a timeout on every call, and the same
 * timeout as the request's expiration so stale requests expire unprocessed. Belongs to one verticle instance (the broker client is not thread-safe).
 * With tracing on, each call is a client span (child of the caller's current span) whose traceparent the request
 * carries, so talk-manager's handling continues the caller's trace.
 */
public final class RpcClient {
  private final BrokerConnection connection;
  private final String requestQueue;
  private final long timeoutMs;
  private final Map<String, Promise<RpcResponse>> pending = new ConcurrentHashMap<>();
  /** One reply queue per client and connection: exclusive, auto-delete, named by the client. */
  private final ConnectionQueue replies;
  private MeterRegistry meters = new SimpleMeterRegistry();
  private Tracing tracing = Tracing.OFF;

  public RpcClient(RabbitMQClient client, String requestQueue, long timeoutMs) {
    this.connection = new BrokerConnection(client);
    this.requestQueue = requestQueue;
    this.timeoutMs = timeoutMs;
    this.replies = new ConnectionQueue(() -> requestQueue + ".reply." + UUID.randomUUID());
  }

  /** Records {@code talk_rpc_client_seconds{route,outcome}} in this registry. */
  public RpcClient metrics(MeterRegistry registry) {
    this.meters = registry;
    return this;
  }

  /** Makes every call a client span of this tracing (when it is enabled). */
  public RpcClient tracing(Tracing tracing) {
    this.tracing = tracing;
    return this;
  }

  /** Connects, declares the reply queue and starts consuming replies; on every reconnect the queue is renewed. */
  public Future<Void> start() {
    return connection.start(client -> replies.declare(client).mapEmpty())
        .compose(v -> replies.consume(connection, new QueueOptions().setAutoAck(true), this::onReply));
  }

  /** Fails what is still waiting, then closes the connection (its reply consumer first). */
  public Future<Void> stop() {
    pending.values().forEach(p -> p.tryFail(TalkException.unavailable("RPC_CLIENT_STOPPED", "client stopped")));
    pending.clear();
    return connection.stop();
  }

  public Future<RpcResponse> call(RpcRequest request) {
    return call(request, timeoutMs);
  }

  public Future<RpcResponse> call(RpcRequest request, long timeout) {
    Timer.Sample sample = Timer.start(meters);
    String route = Metrics.route(request.method(), request.uri());
    Future<RpcResponse> answered = tracing.enabled() ? traced(request, timeout, route) : send(request, timeout);
    return answered.andThen(ar -> sample.stop(Metrics.timer(meters, "talk.rpc.client",
        "RPC round trips as the caller sees them", "route", route, "outcome", outcome(ar))));
  }

  /** The call as a client span named by its route; a 5xx reply or a failure marks it an error. */
  private Future<RpcResponse> traced(RpcRequest request, long timeout, String route) {
    Span span = tracing.startChild(route, SpanKind.CLIENT)
        .setAttribute("rpc.system", "talk-mesh")
        .setAttribute("messaging.destination.name", requestQueue)
        .setAttribute("talk.request_id", request.requestId());
    return send(request.withTraceparent(Tracing.traceparent(span)), timeout).andThen(ar -> {
      if (ar.succeeded()) {
        Tracing.end(span, ar.result().statusCode());
      } else {
        Tracing.end(span, ar.cause());
      }
    });
  }

  private static String outcome(io.vertx.core.AsyncResult<RpcResponse> ar) {
    if (ar.succeeded()) {
      return String.valueOf(ar.result().statusCode());
    }
    return ar.cause() instanceof TalkException t ? t.status().name() : "ERROR";
  }

  /** Whether a call can be sent now: connected, with this connection's reply queue declared (readiness uses it). */
  public boolean isReady() {
    return replies.name() != null && connection.isConnected();
  }

  private Future<RpcResponse> send(RpcRequest request, long timeout) {
    String queue = replies.name();
    if (queue == null || !connection.isConnected()) {
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
    return connection.client().basicPublish("", requestQueue, props, request.toBuffer())
        .recover(err -> Future.failedFuture(
            TalkException.unavailable("BROKER_UNAVAILABLE", "could not send the request: %s", err.getMessage())))
        .compose(v -> reply.future())
        .timeout(timeout, TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture(Errors.toTalk(err)))
        .andThen(ar -> pending.remove(correlationId));
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
