package io.talkmesh.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.talkmesh.common.amqp.BrokerConnection;
import io.talkmesh.common.event.Event;
import io.talkmesh.common.ops.Metrics;
import io.talkmesh.ops.Health;
import io.talkmesh.webhook.delivery.Attempt;
import io.talkmesh.webhook.delivery.Deliverer;
import io.talkmesh.webhook.delivery.Delivery;
import io.talkmesh.webhook.delivery.Dispatcher;
import io.talkmesh.webhook.endpoint.EndpointDirectory;
import io.talkmesh.webhook.endpoint.Target;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook-service instance: the intake (events → one delivery per interested target), the delivery shards (each
 * with a single active consumer across instances) and the management port. Every publish is confirmed before the
 * message it came from is acked, so an event or a delivery is never lost on the way (at least once).
 */
public final class WebhookVerticle extends VerticleBase {
  public static final String SERVICE = "webhook-service";
  private static final Logger LOG = LoggerFactory.getLogger(WebhookVerticle.class);
  private static final long CONFIRM_TIMEOUT_MS = 10_000;
  /** How long a message whose handling failed waits before it is given back to the broker. */
  private static final long REQUEUE_DELAY_MS = 1000;

  private final WebhookConfig config;
  private final Function<io.vertx.core.Vertx, EndpointDirectory> directories;
  private final io.talkmesh.common.client.TalkManagerClient talkManager;
  private final Consumer<Integer> boundPort;
  private Topology topology;
  private BrokerConnection intake;
  private BrokerConnection shards;
  private EndpointDirectory directory;
  private Deliverer deliverer;
  private Dispatcher dispatcher;
  private io.talkmesh.webhook.delivery.DeliveryLog log;
  private HttpServer management;
  private MeterRegistry meters;
  private Counter malformed;

  public WebhookVerticle(WebhookConfig config, io.talkmesh.common.client.TalkManagerClient talkManager,
                         Function<io.vertx.core.Vertx, EndpointDirectory> directories, Consumer<Integer> boundPort) {
    this.config = config;
    this.talkManager = talkManager;
    this.directories = directories;
    this.boundPort = boundPort;
  }

  @Override
  public Future<?> start() {
    meters = Metrics.registry(SERVICE);
    malformed = Counter.builder("talk.webhook.malformed").description("messages that were not events or deliveries,"
        + " dropped").register(meters);
    topology = new Topology(config.amqp(), config.shards(), config.retryDelaysMs().size());
    directory = directories.apply(vertx);
    deliverer = new Deliverer(vertx, config.targets(), config.timeoutMs(), config.maxResponseBytes());
    log = new io.talkmesh.webhook.delivery.DeliveryLog(vertx, talkManager, meters);
    dispatcher = new Dispatcher(vertx, directory, deliverer, new BrokerOutlet(), config.concurrency(),
        config.ratePerSecond(), config.retryDelaysMs(), config.retryPeriodMs(), meters);
    intake = BrokerConnection.open(vertx, config.amqp(), SERVICE + ".intake");
    shards = BrokerConnection.open(vertx, config.amqp(), SERVICE + ".deliver");
    Future<Void> intakeUp = intake.start(client -> topology.declare(client)
            .compose(v -> client.basicQos(config.prefetch()))
            .compose(v -> client.confirmSelect()))
        .compose(v -> intake.consume(topology.eventQueue(), new QueueOptions().setAutoAck(false)
            .setMaxInternalQueueSize(config.prefetch() * 2), this::onEvent).mapEmpty());
    Future<Void> shardsUp = shards.start(client -> topology.declare(client)
            .compose(v -> client.basicQos(config.prefetch()))
            .compose(v -> client.confirmSelect()))
        .compose(v -> {
          List<Future<?>> consumers = new ArrayList<>();
          for (int n = 0; n < topology.shards(); n++) {
            consumers.add(shards.consume(topology.shardQueue(n), new QueueOptions().setAutoAck(false)
                .setMaxInternalQueueSize(config.prefetch() * 2), this::onDelivery));
          }
          return Future.all(consumers).mapEmpty();
        });
    management = vertx.createHttpServer(new HttpServerOptions().setTracingPolicy(TracingPolicy.IGNORE));
    Router router = Router.router(vertx);
    Health.mount(router, vertx, SERVICE, Map.of("broker",
        () -> Future.succeededFuture(intake.isConnected() && shards.isConnected())));
    router.get("/stats").handler(ctx -> ctx.json(new JsonObject().put("chains", new JsonObject(
        new java.util.HashMap<>(dispatcher.chains())))));
    return Future.all(intakeUp, shardsUp)
        .compose(v -> management.requestHandler(router).listen(config.managementPort()))
        .onSuccess(s -> boundPort.accept(s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    return Future.join(intake.stop(), shards.stop())
        .eventually(deliverer::close)
        .eventually(() -> management == null ? Future.succeededFuture() : management.close());
  }

  /** An event: one delivery per target that wants it, all confirmed before the event is acked. */
  private void onEvent(RabbitMQMessage message) {
    long tag = message.envelope().getDeliveryTag();
    Event event;
    try {
      event = Event.fromDelivery(message);
    } catch (IllegalArgumentException e) {
      malformed.increment();
      LOG.warn("dropped a message on {} that is not an event: {}", topology.eventQueue(), e.getMessage());
      intake.client().basicAck(tag, false);
      return;
    }
    if (event.type().internal()) {
      onInternal(event, tag);
      return;
    }
    directory.targets(event.customerId())
        .compose(targets -> {
          List<Future<Void>> published = new ArrayList<>();
          io.vertx.core.buffer.Buffer payload = null;
          for (Target target : targets) {
            if (!target.wants(event.type().wire())) {
              continue;
            }
            if (payload == null) {
              payload = payload(event).toBuffer();
            }
            Delivery delivery = Delivery.fresh(target.key(), event.customerId(), event.id().toString(),
                event.type().wire(), event.chatId() == null ? null : event.chatId().toString(), event.seq(),
                event.time().toEpochMilli(), payload);
            published.add(intake.client().basicPublish(topology.deliverExchange(),
                Topology.shardKey(topology.shardOf(target.key())), delivery.properties(null), payload));
          }
          if (published.isEmpty()) {
            return Future.succeededFuture();
          }
          return Future.all(published).compose(v -> intake.confirmed(CONFIRM_TIMEOUT_MS));
        })
        .onSuccess(v -> intake.client().basicAck(tag, false))
        .onFailure(err -> {
          LOG.warn("event {} not handed to its webhooks yet ({}); it goes back to the queue", event.id(),
              err.toString());
          vertx.setTimer(REQUEUE_DELAY_MS, id -> intake.client().basicNack(tag, false, true));
        });
  }

  /**
   * An event for the mesh only: {@code webhook_replay_requested} puts the parked payload it carries back on its
   * endpoint's shard, as a fresh delivery (the receiver dedupes by the payload's event id as always).
   */
  private void onInternal(Event event, long tag) {
    if (event.type() != io.talkmesh.common.event.EventType.WEBHOOK_REPLAY_REQUESTED) {
      intake.client().basicAck(tag, false);
      return;
    }
    JsonObject data = event.data() == null ? new JsonObject() : event.data();
    JsonObject payload = data.getJsonObject("event");
    String endpoint = data.getString("endpoint_id");
    if (payload == null || endpoint == null || payload.getString("id") == null) {
      malformed.increment();
      LOG.warn("dropped a replay request without endpoint or event: {}", event.id());
      intake.client().basicAck(tag, false);
      return;
    }
    Object seq = payload.getValue("seq");
    Delivery replay = Delivery.fresh(endpoint, event.customerId(), payload.getString("id"),
        payload.getString("type", ""), payload.getString("chat_id"), seq instanceof Number n ? n.longValue() : null,
        System.currentTimeMillis(), payload.toBuffer());
    LOG.info("replaying parked event {} to endpoint {}", replay.eventId(), endpoint);
    intake.client().basicPublish(topology.deliverExchange(), Topology.shardKey(topology.shardOf(endpoint)),
            replay.properties(null), replay.body())
        .compose(v -> intake.confirmed(CONFIRM_TIMEOUT_MS))
        .onSuccess(v -> intake.client().basicAck(tag, false))
        .onFailure(err -> vertx.setTimer(REQUEUE_DELAY_MS, id -> intake.client().basicNack(tag, false, true)));
  }

  /** A delivery of a shard: acked once delivered, passed on to a retry queue or parked. */
  private void onDelivery(RabbitMQMessage message) {
    long tag = message.envelope().getDeliveryTag();
    Delivery delivery;
    try {
      delivery = Delivery.from(message);
    } catch (IllegalArgumentException e) {
      malformed.increment();
      LOG.warn("dropped a message on a delivery shard that is not a delivery: {}", e.getMessage());
      shards.client().basicAck(tag, false);
      return;
    }
    dispatcher.accept(delivery)
        .onSuccess(v -> shards.client().basicAck(tag, false))
        .onFailure(err -> {
          LOG.warn("delivery of {} to {} not passed on ({}); it goes back to its shard", delivery.eventId(),
              delivery.key(), err.toString());
          vertx.setTimer(REQUEUE_DELAY_MS, id -> shards.client().basicNack(tag, false, true));
        });
  }

  /**
   * The payload POSTed: the event as the API shows it. {@code id} is the event's id (also header
   * {@code X-Talk-Event-Id}), the same on every attempt, so receivers drop duplicates by it.
   */
  static JsonObject payload(Event event) {
    return new JsonObject()
        .put("id", event.id().toString())
        .put("type", event.type().wire())
        .put("customer_id", event.customerId().toString())
        .put("chat_id", event.chatId() == null ? null : event.chatId().toString())
        .put("seq", event.seq())
        .put("time", event.time().toString())
        .put("data", event.data());
  }

  /** Retries and parking through the broker, on the shards' connection, confirmed. */
  private final class BrokerOutlet implements Dispatcher.Outlet {
    @Override
    public Future<Void> retry(int level, long expirationMs, Delivery delivery) {
      if (!config.brokerRetries()) {
        io.vertx.core.Promise<Void> waited = io.vertx.core.Promise.promise();
        vertx.setTimer(Math.max(1, expirationMs), id -> waited.complete());
        return waited.future().compose(v -> shards.client().basicPublish(topology.deliverExchange(),
                Topology.shardKey(topology.shardOf(delivery.key())), delivery.properties(null), delivery.body()))
            .compose(v -> shards.confirmed(CONFIRM_TIMEOUT_MS));
      }
      return shards.client().basicPublish(topology.retryExchange(level),
              Topology.shardKey(topology.shardOf(delivery.key())), delivery.properties(expirationMs), delivery.body())
          .compose(v -> shards.confirmed(CONFIRM_TIMEOUT_MS));
    }

    @Override
    public Future<Void> park(Delivery delivery, String reason) {
      return shards.client().basicPublish("", topology.parkedQueue(), delivery.properties(null), delivery.body())
          .compose(v -> shards.confirmed(CONFIRM_TIMEOUT_MS))
          .onSuccess(v -> log.parked(delivery, reason).onFailure(err -> LOG.warn("parked event {} of {} is in {}"
              + " but not in talk-manager's parked store: {}", delivery.eventId(), delivery.key(),
              topology.parkedQueue(), err.getMessage())));
    }

    @Override
    public void log(Delivery delivery, Attempt attempt, String outcome, Long nextRetryMs) {
      log.attempt(delivery, attempt, outcome, nextRetryMs);
      LOG.debug("{} {} to {}: attempt {} {} {} in {} ms", outcome, delivery.eventId(), delivery.key(),
          delivery.attempts(), attempt.statusCode(), attempt.error() == null ? "" : attempt.error(), attempt.millis());
    }
  }
}
