package io.talkmesh.common.rpc;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.rabbitmq.client.AMQP;
import io.talkmesh.common.error.Errors;
import io.talkmesh.common.error.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.ops.Metrics;
import io.vertx.core.Future;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConsumer;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves RPC requests from a durable queue shared by all instances: bounded prefetch, manual ack sent only after
 * the reply is published (a crash before that makes the broker redeliver), every failure answered as an error
 * envelope, never a silent drop.
 */
public final class RpcServer {
  private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
  /** One line per request (logger {@code talk.access}): what a grep for a request_id finds in talk-manager. */
  private static final Logger ACCESS = LoggerFactory.getLogger("talk.access");

  private final RabbitMQClient client;
  private final String queue;
  private final int prefetch;
  private final Function<RpcRequest, Future<RpcResponse>> handler;
  private RabbitMQConsumer consumer;
  private MeterRegistry meters = new SimpleMeterRegistry();

  public RpcServer(RabbitMQClient client, String queue, int prefetch, Function<RpcRequest, Future<RpcResponse>> handler) {
    this.client = client;
    this.queue = queue;
    this.prefetch = prefetch;
    this.handler = handler;
  }

  /** Records {@code talk_rpc_server_seconds{route,status}} (request received → reply published) in this registry. */
  public RpcServer metrics(MeterRegistry registry) {
    this.meters = registry;
    return this;
  }

  /** Whether the broker connection is up (readiness). */
  public boolean connected() {
    return client.isConnected();
  }

  public Future<Void> start() {
    client.addConnectionEstablishedCallback(ready -> declare().onComplete(ready));
    return client.start()
        .compose(v -> declare())
        .compose(v -> client.basicConsumer(queue, new QueueOptions().setAutoAck(false)
            .setMaxInternalQueueSize(Math.max(prefetch * 2, 64))))
        .onSuccess(c -> {
          consumer = c;
          c.exceptionHandler(err -> LOG.warn("request consumer failed", err));
          c.handler(this::onRequest);
        })
        .mapEmpty();
  }

  /** Stops taking requests; unacked ones go back to the queue for another instance. */
  public Future<Void> stop() {
    Future<Void> cancel = consumer == null ? Future.succeededFuture() : consumer.cancel();
    return cancel.recover(err -> Future.succeededFuture()).eventually(client::stop);
  }

  private Future<Void> declare() {
    return client.basicQos(prefetch)
        .compose(v -> client.queueDeclare(queue, true, false, false))
        .mapEmpty();
  }

  private void onRequest(RabbitMQMessage message) {
    Timer.Sample sample = Timer.start(meters);
    long tag = message.envelope().getDeliveryTag();
    com.rabbitmq.client.BasicProperties props = message.properties();
    Future<RpcResponse> response;
    String requestId = "";
    String route = "INVALID";
    try {
      RpcRequest request = RpcRequest.fromBuffer(message.body()).delivered(props.getCorrelationId());
      requestId = request.requestId();
      route = Metrics.route(request.method(), request.uri());
      response = handler.apply(request);
    } catch (RuntimeException e) {
      response = Future.failedFuture(e);
    }
    String rid = requestId;
    String routeLabel = route;
    response
        .recover(err -> Future.succeededFuture(toErrorResponse(err, rid)))
        .andThen(ar -> {
          int status = ar.succeeded() ? ar.result().statusCode() : 500;
          sample.stop(Metrics.timer(meters, "talk.rpc.server", "RPC handling time", "route", routeLabel,
              "status", String.valueOf(status)));
          ACCESS.info("rpc {} {} {}", routeLabel, status, kv("request_id", rid));
        })
        .compose(reply -> reply(props, reply))
        .compose(v -> client.basicAck(tag, false))
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("reply or ack failed (request_id={}); the broker will redeliver", rid, ar.cause());
          }
        });
  }

  private static RpcResponse toErrorResponse(Throwable err, String requestId) {
    TalkException talk = Errors.toTalk(err);
    if (talk.status() == Status.INTERNAL && !(err instanceof TalkException)) {
      LOG.error("request failed (request_id={})", requestId, err);
    }
    return RpcResponse.error(talk);
  }

  private Future<Void> reply(com.rabbitmq.client.BasicProperties request, RpcResponse response) {
    if (request.getReplyTo() == null || request.getReplyTo().isEmpty()) {
      return Future.succeededFuture();
    }
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .correlationId(request.getCorrelationId())
        .contentType(RpcRequest.JSON)
        .build();
    return client.basicPublish("", request.getReplyTo(), props, response.toBuffer());
  }
}
