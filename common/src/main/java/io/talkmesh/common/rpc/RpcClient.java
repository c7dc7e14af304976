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
import io.vertx.core.Vertx;
import io.talkmesh.common.amqp.Amqp;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQConfirmation;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a manager over RabbitMQ: one exclusive, auto-delete reply queue per client (named by the client, renewed per
 * connection: {@link ConnectionQueue}), replies matched by correlation id, a timeout on every call, and the same
 * timeout as the request's expiration so stale requests expire unprocessed. Belongs to one verticle instance (the broker client is not thread-safe).
 * <p>
 * Requests go out on a connection of their own, in confirm mode, and replies come in on another. The broker nacks
 * a request it could not take, and the call fails at once (503 {@code BROKER_REFUSED}) instead of waiting for its
 * timeout. On a cluster a nack also means the publishing channel may be stale: RabbitMQ 3.10 nacks every publish of a
 * channel that first published to a quorum queue while the queue's leader was being re-elected (a caller on the
 * killed leader's node reconnects in milliseconds, before the election), until the dead node comes back; so a nack
 * renews the request connection (a new channel finds the new leader), at most every {@value #RENEW_INTERVAL_MS} ms.
 * The reply connection has consumers and is never renewed that way (the client recovers those itself).
 * With tracing on, each call is a client span (child of the caller's current span) whose traceparent the request
 * carries, so talk-manager's handling continues the caller's trace.
 */
public final class RpcClient {
  private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);
  /** The least time between two renewals of the request connection. */
  static final long RENEW_INTERVAL_MS = 250;
  private static final int CONFIRM_QUEUE = 100_000;
  private final BrokerConnection connection;
  private final BrokerConnection requests;
  private final String requestQueue;
  private final long timeoutMs;
  private final Map<String, Promise<RpcResponse>> pending = new ConcurrentHashMap<>();
  /** The current request channel's calls awaiting the broker's confirm. */
  private volatile Confirms confirms = new Confirms();
  private final AtomicBoolean renewing = new AtomicBoolean();
  private volatile long renewedAt = System.nanoTime() - TimeUnit.SECONDS.toNanos(10);
  /** One reply queue per client and connection: exclusive, auto-delete, named by the client. */
  private final ConnectionQueue replies;
  private MeterRegistry meters = new SimpleMeterRegistry();
  private Tracing tracing = Tracing.OFF;
  private volatile boolean stopped;

  /**
   * A client of the broker(s) {@code uri} names ({@link Amqp#client}); its connections are named {@code name} (replies)
   * and {@code name.requests} in the broker's views.
   */
  public RpcClient(Vertx vertx, String uri, String name, String requestQueue, long timeoutMs) {
    this.connection = new BrokerConnection(Amqp.client(vertx, uri, name));
    this.requests = new BrokerConnection(Amqp.client(vertx, uri, name + ".requests"));
    this.requestQueue = requestQueue;
    this.timeoutMs = timeoutMs;
    this.replies = new ConnectionQueue(() -> requestQueue + ".reply." + UUID.randomUUID());
  }

  /** Records {@code talk_rpc_client_seconds{route,outcome}} in this registry. */
  public RpcClient metrics(MeterRegistry registry) {
    this.meters = registry;
    renewals();
    return this;
  }

  /** {@code talk_rpc_client_renewals_total}: request connections replaced after the broker refused requests. */
  private io.micrometer.core.instrument.Counter renewals() {
    return io.micrometer.core.instrument.Counter.builder("talk.rpc.client.renewals")
        .description("Request connections replaced because the broker refused requests (a cluster node was lost)")
        .register(meters);
  }

  /** Makes every call a client span of this tracing (when it is enabled). */
  public RpcClient tracing(Tracing tracing) {
    this.tracing = tracing;
    return this;
  }

  /**
   * Connects both connections: the reply one declares the reply queue and consumes it (on every reconnect the queue
   * is renewed), the request one turns confirms on (on every connection).
   */
  public Future<Void> start() {
    Future<Void> replying = connection.start(client -> replies.declare(client).mapEmpty())
        .compose(v -> replies.consume(connection, new QueueOptions().setAutoAck(true), this::onReply));
    Future<Void> requesting = requests.start(client -> {
      Confirms fresh = new Confirms();
      confirms = fresh;
      return client.addConfirmListener(CONFIRM_QUEUE).map(stream -> {
        stream.handler(fresh::onConfirm);
        return null;
      });
    });
    return Future.all(replying, requesting).mapEmpty();
  }

  /** Fails what is still waiting, then closes both connections (the reply consumer first). */
  public Future<Void> stop() {
    stopped = true;
    pending.values().forEach(p -> p.tryFail(TalkException.unavailable("RPC_CLIENT_STOPPED", "client stopped")));
    pending.clear();
    return Future.join(connection.stop(), requests.stop()).mapEmpty();
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
    return replies.name() != null && connection.isConnected() && requests.isConnected();
  }

  private Future<RpcResponse> send(RpcRequest request, long timeout) {
    String queue = replies.name();
    if (queue == null || !connection.isConnected() || !requests.isConnected()) {
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
    return requests.client().basicPublishWithDeliveryTag("", requestQueue, props, request.toBuffer(),
            tag -> confirms.awaiting.put(tag, correlationId))
        .recover(err -> Future.failedFuture(
            TalkException.unavailable("BROKER_UNAVAILABLE", "could not send the request: %s", err.getMessage())))
        .compose(v -> reply.future())
        .timeout(timeout, TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture(Errors.toTalk(err)))
        .andThen(ar -> pending.remove(correlationId));
  }

  /**
   * One request channel's calls awaiting the broker's confirm, by delivery tag (tags count per channel, so each
   * channel has its own; the confirm listener of a channel feeds only its own).
   */
  private final class Confirms {
    private final ConcurrentSkipListMap<Long, String> awaiting = new ConcurrentSkipListMap<>();

    /** A confirm of one request or of every one up to its tag; a nack fails those calls and renews the channel. */
    void onConfirm(RabbitMQConfirmation confirmation) {
      long tag = confirmation.getDeliveryTag();
      List<String> calls;
      if (confirmation.isMultiple()) {
        Map<Long, String> upTo = awaiting.headMap(tag, true);
        calls = new ArrayList<>(upTo.values());
        upTo.clear();
      } else {
        String one = awaiting.remove(tag);
        calls = one == null ? List.of() : List.of(one);
      }
      if (confirmation.isSucceeded()) {
        return;
      }
      for (String id : calls) {
        Promise<RpcResponse> call = pending.get(id);
        if (call != null) {
          call.tryFail(TalkException.unavailable("BROKER_REFUSED", "the message broker refused the request"));
        }
      }
      if (this == confirms) {
        renewRequests();
      }
    }
  }

  /** Replaces the request connection (and so its channel), unless one renewal runs or ran a moment ago. */
  private void renewRequests() {
    long now = System.nanoTime();
    if (stopped || now - renewedAt < TimeUnit.MILLISECONDS.toNanos(RENEW_INTERVAL_MS)
        || !renewing.compareAndSet(false, true)) {
      return;
    }
    renewedAt = now;
    renewals().increment();
    LOG.warn("the broker refused requests to {}: opening a new request connection", requestQueue);
    requests.renew().onComplete(ar -> {
      renewedAt = System.nanoTime();
      renewing.set(false);
      if (ar.failed()) {
        LOG.warn("could not renew the request connection to {}: {}", requestQueue, ar.cause().toString());
      }
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
