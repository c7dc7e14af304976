package io.talkmesh.common.rpc;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.rabbitmq.client.AMQP;
import io.talkmesh.common.error.Errors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.talkmesh.common.amqp.BrokerConnection;
import io.talkmesh.common.bounded.LruMap;
import io.talkmesh.common.error.Errors;
import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.ops.Metrics;
import io.talkmesh.common.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves RPC requests from a durable queue shared by all instances: bounded prefetch, manual ack sent only after
 * the reply is published (a crash before that makes the broker redeliver), every failure answered as an error
 * envelope, never a silent drop. A reply larger than {@link #maxReplyBytes} is never published (peers' clients
 * drop their connection on oversized messages): the caller gets 500 {@code RESPONSE_TOO_LARGE} instead. A request
 * the broker keeps redelivering (its handling or reply failed each time, e.g. the channel died) is a poison
 * request: past {@link #maxRedeliveries} redeliveries seen by this instance it is answered 500
 * {@code REQUEST_DEAD_LETTERED}, copied to the durable queue {@code <queue>.dead} for operators, and acked.
 * With {@link #quorum} work queues the broker keeps the count instead ({@code x-delivery-count}, which survives every
 * instance's restart): the request queue is a quorum queue with a delivery limit and the dead queue as its
 * dead-letter target, the request past the limit is answered the same error and rejected, so the broker moves it;
 * one no instance even gets to see (it kills the connection on arrival) the broker parks by its delivery limit.
 * With tracing on, each request is handled in a server span continuing the traceparent it carries; the handler sees
 * the request with the server span's traceparent (what events it causes store), and runs with that span current, so
 * its SQL queries are the span's children.
 */
public final class RpcServer {
  private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
  /** One line per request (logger {@code talk.access}): what a grep for a request_id finds in talk-manager. */
  private static final Logger ACCESS = LoggerFactory.getLogger("talk.access");

  private final BrokerConnection connection;
  private final RabbitMQClient client;
  private final String queue;
  private final int prefetch;
  private final Function<RpcRequest, Future<RpcResponse>> handler;
  private final String deadQueue;
  private MeterRegistry meters = new SimpleMeterRegistry();
  private Counter tooLarge = tooLarge(meters);
  private Counter deadLettered = deadLettered(meters);
  private Tracing tracing = Tracing.OFF;
  private int maxReplyBytes = DEFAULT_MAX_REPLY_BYTES;
  private int maxRedeliveries = DEFAULT_MAX_REDELIVERIES;
  private boolean quorum;
  /**
   * Redeliveries seen per request (correlation id), bounded: the broker's redeliver flag does not count, and
   * {@code x-delivery-count} exists only on quorum queues. Touched on this client's event loop only.
   */
  private final Map<String, Integer> redeliveries = new LruMap<>(MAX_TRACKED_REDELIVERIES);

  /** 8 MiB: far below RabbitMQ's and amqp-client's 64 MiB inbound limit. */
  public static final int DEFAULT_MAX_REPLY_BYTES = 8 * 1024 * 1024;
  public static final int DEFAULT_MAX_REDELIVERIES = 1;
  private static final int MAX_TRACKED_REDELIVERIES = 10_000;

  public RpcServer(RabbitMQClient client, String queue, int prefetch, Function<RpcRequest, Future<RpcResponse>> handler) {
    this.connection = new BrokerConnection(client);
    this.client = client;
    this.queue = queue;
    this.prefetch = prefetch;
    this.handler = handler;
    this.deadQueue = queue + ".dead";
  }

  /** Replies whose encoded envelope is larger are replaced by 500 {@code RESPONSE_TOO_LARGE}. */
  public RpcServer maxReplyBytes(int bytes) {
    this.maxReplyBytes = bytes;
    return this;
  }

  /** Redeliveries of one request this instance handles; the next one is dead-lettered. */
  public RpcServer maxRedeliveries(int count) {
    this.maxRedeliveries = count;
    return this;
  }

  /**
   * Declares the request queue and the dead queue as quorum queues ({@code TALK_AMQP_QUEUE_TYPE=quorum}), the
   * request queue with {@code x-delivery-limit} = {@link #maxRedeliveries} + 1 (the delivery on which an instance
   * answers the caller and rejects the request) and the dead queue as its dead-letter target.
   */
  public RpcServer quorum(boolean quorum) {
    this.quorum = quorum;
    return this;
  }

  /** The durable queue poison requests are copied to. */
  public String deadQueue() {
    return deadQueue;
  }

  /** Records {@code talk_rpc_server_seconds{route,status}} (request received → reply published) in this registry. */
  public RpcServer metrics(MeterRegistry registry) {
    this.meters = registry;
    // registered now, at 0: an alert on increase() sees the first one, and a dashboard finds the series before it
    this.tooLarge = tooLarge(registry);
    this.deadLettered = deadLettered(registry);
    return this;
  }

  private static Counter tooLarge(MeterRegistry registry) {
    return Counter.builder("talk.rpc.reply.too.large").description("RPC replies replaced by RESPONSE_TOO_LARGE")
        .register(registry);
  }

  private static Counter deadLettered(MeterRegistry registry) {
    return Counter.builder("talk.rpc.dead.lettered").description("RPC requests dead-lettered after repeated redelivery")
        .register(registry);
  }

  /** Handles every request in a server span of this tracing (when it is enabled). */
  public RpcServer tracing(Tracing tracing) {
    this.tracing = tracing;
    return this;
  }

  /** Whether the broker connection is up (readiness). */
  public boolean connected() {
    return connection.isConnected();
  }

  public Future<Void> start() {
    return connection.start(c -> declare())
        .compose(v -> connection.consume(queue, new QueueOptions().setAutoAck(false)
            .setMaxInternalQueueSize(Math.max(prefetch * 2, 64)), this::onRequest))
        .mapEmpty();
  }

  /** Stops taking requests; unacked ones go back to the queue for another instance. */
  public Future<Void> stop() {
    return connection.stop();
  }

  /** On every connection: the prefetch bound, the request queue and its dead-letter queue. */
  private Future<Void> declare() {
    if (!quorum) {
      return client.basicQos(prefetch)
          .compose(v -> client.queueDeclare(queue, true, false, false))
          .compose(v -> client.queueDeclare(deadQueue, true, false, false))
          .mapEmpty();
    }
    JsonObject requests = new JsonObject()
        .put("x-queue-type", "quorum")
        .put("x-delivery-limit", maxRedeliveries + 1)
        .put("x-dead-letter-exchange", "")
        .put("x-dead-letter-routing-key", deadQueue);
    return client.basicQos(prefetch)
        .compose(v -> client.queueDeclare(deadQueue, true, false, false, new JsonObject().put("x-queue-type", "quorum")))
        .compose(v -> client.queueDeclare(queue, true, false, false, requests))
        .mapEmpty();
  }

  /**
   * How often this request was delivered before: the redeliveries this instance saw (the redeliver flag alone does
   * not count), or the broker's count on a quorum queue ({@code x-delivery-count}, every instance's deliveries) when
   * that is higher.
   */
  private int redelivered(RabbitMQMessage message, String key) {
    int seen = message.envelope().isRedeliver() ? redeliveries.merge(key, 1, Integer::sum) : 0;
    Map<String, Object> headers = message.properties().getHeaders();
    if (headers != null && headers.get("x-delivery-count") instanceof Number count) {
      return Math.max(seen, count.intValue());
    }
    return seen;
  }

  private void onRequest(RabbitMQMessage message) {
    long tag = message.envelope().getDeliveryTag();
    com.rabbitmq.client.BasicProperties props = message.properties();
    String key = props.getCorrelationId() != null ? props.getCorrelationId() : "body:" + message.body().hashCode();
    int seen = redelivered(message, key);
    if (seen > maxRedeliveries) {
      redeliveries.remove(key);
      deadLetter(message, seen);
      return;
    }
    Timer.Sample sample = Timer.start(meters);
    Future<RpcResponse> response;
    String requestId = "";
    String route = "INVALID";
    try {
      RpcRequest request = RpcRequest.fromBuffer(message.body()).delivered(props.getCorrelationId());
      requestId = request.requestId();
      route = Metrics.route(request.method(), request.uri());
      response = tracing.enabled() ? traced(request, route) : handler.apply(request);
    } catch (RuntimeException e) {
      response = Future.failedFuture(e);
    }
    String rid = requestId;
    String routeLabel = route;
    response
        .recover(err -> Future.succeededFuture(toErrorResponse(err, rid)))
        .map(reply -> bounded(reply, routeLabel, rid))
        .andThen(ar -> {
          int status = ar.succeeded() ? ar.result().statusCode() : 500;
          sample.stop(Metrics.timer(meters, "talk.rpc.server", "RPC handling time", "route", routeLabel,
              "status", String.valueOf(status)));
          ACCESS.info("rpc {} {} {}", routeLabel, status, kv("request_id", rid));
        })
        .compose(reply -> reply(props, reply.buffer()))
        .compose(v -> client.basicAck(tag, false))
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("reply or ack failed (request_id={}); the broker will redeliver", rid, ar.cause());
          } else if (message.envelope().isRedeliver()) {
            redeliveries.remove(key);
          }
        });
  }

  /** The handling as a server span named by its route, child of the caller's span; 5xx marks it an error. */
  private Future<RpcResponse> traced(RpcRequest request, String route) {
    Span span = tracing.startContinuing(request.traceparent(), route, SpanKind.SERVER)
        .setAttribute("rpc.system", "talk-mesh")
        .setAttribute("messaging.destination.name", queue)
        .setAttribute("talk.request_id", request.requestId());
    RpcRequest continued = request.withTraceparent(Tracing.traceparent(span));
    return tracing.inSpan(span, () -> handler.apply(continued)).andThen(ar -> Tracing.end(span,
        ar.succeeded() ? ar.result().statusCode() : RpcResponse.error(Errors.toTalk(ar.cause())).statusCode()));
  }

  /** A reply and its encoding; one too large for any peer becomes 500 RESPONSE_TOO_LARGE. */
  private record Encoded(int statusCode, Buffer buffer) {
  }

  private Encoded bounded(RpcResponse response, String route, String requestId) {
    Buffer buffer = response.toBuffer();
    if (buffer.length() <= maxReplyBytes) {
      return new Encoded(response.statusCode(), buffer);
    }
    LOG.error("reply of {} bytes to {} exceeds TALK_RPC_MAX_REPLY_BYTES={}; answered RESPONSE_TOO_LARGE instead",
        buffer.length(), route, maxReplyBytes, kv("request_id", requestId));
    tooLarge.increment();
    RpcResponse error = RpcResponse.error(TalkException.internal("RESPONSE_TOO_LARGE",
        "the response would be %d bytes, more than the %d an RPC reply may carry", buffer.length(), maxReplyBytes));
    return new Encoded(error.statusCode(), error.toBuffer());
  }

  /**
   * Answers a poison request's caller 500 REQUEST_DEAD_LETTERED and sets the request aside: on a quorum queue by
   * rejecting it (the broker moves it to the dead queue, with why in {@code x-death}), else by copying it there (with
   * why, in header {@code x-talk-dead-reason}) and acking it so the broker stops redelivering it.
   */
  private void deadLetter(RabbitMQMessage message, int redelivered) {
    com.rabbitmq.client.BasicProperties props = message.properties();
    String requestId = requestIdOf(message.body());
    RpcResponse error = RpcResponse.error(TalkException.internal("REQUEST_DEAD_LETTERED",
        "the request failed on %d deliveries and was set aside", redelivered + 1));
    LOG.error("request delivered {} times before: dead-lettered to {}", redelivered, deadQueue,
        kv("request_id", requestId));
    deadLettered.increment();
    if (quorum) {
      reply(props, error.toBuffer())
          .compose(v -> client.basicNack(message.envelope().getDeliveryTag(), false, false))
          .onFailure(err -> LOG.warn("dead-lettering failed (request_id={}); the broker will redeliver", requestId, err));
      return;
    }
    Map<String, Object> headers = new HashMap<>(props.getHeaders() == null ? Map.of() : props.getHeaders());
    headers.put("x-talk-dead-reason", "redelivered " + redelivered + " times");
    AMQP.BasicProperties dead = new AMQP.BasicProperties.Builder()
        .correlationId(props.getCorrelationId())
        .replyTo(props.getReplyTo())
        .contentType(props.getContentType())
        .messageId(props.getMessageId())
        .headers(headers)
        .deliveryMode(2)
        .build();
    client.basicPublish("", deadQueue, dead, message.body())
        .compose(v -> reply(props, error.toBuffer()))
        .compose(v -> client.basicAck(message.envelope().getDeliveryTag(), false))
        .onFailure(err -> LOG.warn("dead-lettering failed (request_id={}); the broker will redeliver", requestId, err));
  }

  private static String requestIdOf(Buffer body) {
    try {
      return new io.vertx.core.json.JsonObject(body).getString("request_id", "");
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** The error reply for a failed request; an unexpected failure (a bug) is logged once, with its stack trace. */
  private static RpcResponse toErrorResponse(Throwable err, String requestId) {
    TalkException talk = Errors.toTalk(err);
    if (talk.getCause() != null) {
      LOG.error("request failed (request_id={})", requestId, talk.getCause());
    }
    return RpcResponse.error(talk);
  }

  private Future<Void> reply(com.rabbitmq.client.BasicProperties request, Buffer response) {
    if (request.getReplyTo() == null || request.getReplyTo().isEmpty()) {
      return Future.succeededFuture();
    }
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .correlationId(request.getCorrelationId())
        .contentType(RpcRequest.JSON)
        .build();
    return client.basicPublish("", request.getReplyTo(), props, response);
  }
}
