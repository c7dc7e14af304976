package io.talkmesh.webhook;

import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.amqp.EventExchange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;
import java.util.ArrayList;
import java.util.List;

/**
 * webhook-service's queues and exchanges, all durable (names after {@code TALK_AMQP_PREFIX}):
 * <ul>
 *   <li>{@code webhook.event}: bound to talk-manager's event exchange with {@code #}; every instance takes from it
 *       (competing consumers) and turns each event into one delivery per endpoint that wants it;</li>
 *   <li>{@code webhook.deliver} (direct exchange) → {@code webhook.deliver.<n>}, n &lt; {@code TALK_WEBHOOK_SHARDS}:
 *       an endpoint's deliveries always go to the same shard, each shard with a single active consumer across the
 *       instances, so the broker keeps their order;</li>
 *   <li>{@code webhook.retry.<level>} (fanout exchange and queue, one per retry delay): a failed delivery waits there
 *       for its delay (per-message expiration, jittered; the queue is FIFO and expires at its head, so order holds)
 *       and is dead-lettered back to {@code webhook.deliver} with its shard's routing key;</li>
 *   <li>{@code webhook.parked}: deliveries given up after {@code TALK_WEBHOOK_RETRY_PERIOD_MS}, kept for operators
 *       (also recorded in talk-manager's parked store when it answers).</li>
 * </ul>
 * Work queues are quorum queues under {@code TALK_AMQP_QUEUE_TYPE=quorum} (single active consumer is supported by
 * both types).
 */
public final class Topology {
  private final AmqpConfig amqp;
  private final int shards;
  private final int levels;

  public Topology(AmqpConfig amqp, int shards, int levels) {
    this.amqp = amqp;
    this.shards = shards;
    this.levels = levels;
  }

  public String eventQueue() {
    return amqp.prefix() + "webhook.event";
  }

  public String deliverExchange() {
    return amqp.prefix() + "webhook.deliver";
  }

  public String shardQueue(int shard) {
    return amqp.prefix() + "webhook.deliver." + shard;
  }

  public static String shardKey(int shard) {
    return "shard." + shard;
  }

  public String retryExchange(int level) {
    return amqp.prefix() + "webhook.retry." + level;
  }

  public String parkedQueue() {
    return amqp.prefix() + "webhook.parked";
  }

  public int shards() {
    return shards;
  }

  public int levels() {
    return levels;
  }

  /** The shard of an endpoint: a stable hash of its key. */
  public int shardOf(String endpointKey) {
    return Math.floorMod(endpointKey.hashCode(), shards);
  }

  private JsonObject work() {
    JsonObject args = new JsonObject();
    if (amqp.quorum()) {
      args.put("x-queue-type", "quorum");
    }
    return args;
  }

  /**
   * A retry queue: dead-letters to the delivery exchange when a message's expiration passes; on quorum queues
   * at-least-once (RabbitMQ 3.10+: the broker keeps the message until the target confirms it, which needs
   * {@code x-overflow=reject-publish}), since at-most-once is their default.
   */
  private JsonObject retry() {
    JsonObject args = work().put("x-dead-letter-exchange", deliverExchange());
    if (amqp.quorum()) {
      args.put("x-dead-letter-strategy", "at-least-once").put("x-overflow", "reject-publish");
    }
    return args;
  }

  /** Declares everything (idempotent; run on every connection). */
  public Future<Void> declare(RabbitMQClient client) {
    List<Future<?>> steps = new ArrayList<>();
    steps.add(EventExchange.declare(client, amqp)
        .compose(v -> client.queueDeclare(eventQueue(), true, false, false, work()))
        .compose(ok -> client.queueBind(eventQueue(), amqp.eventExchange(), "#")));
    steps.add(client.exchangeDeclare(deliverExchange(), "direct", true, false).compose(v -> {
      List<Future<?>> queues = new ArrayList<>();
      for (int n = 0; n < shards; n++) {
        int shard = n;
        queues.add(client.queueDeclare(shardQueue(shard), true, false, false,
                work().put("x-single-active-consumer", true))
            .compose(ok -> client.queueBind(shardQueue(shard), deliverExchange(), shardKey(shard))));
      }
      for (int level = 0; level < levels; level++) {
        String name = retryExchange(level);
        queues.add(client.exchangeDeclare(name, "fanout", true, false)
            .compose(v2 -> client.queueDeclare(name, true, false, false, retry()))
            .compose(ok -> client.queueBind(name, name, "")));
      }
      return Future.all(queues);
    }));
    steps.add(client.queueDeclare(parkedQueue(), true, false, false, work()));
    return Future.all(steps).mapEmpty();
  }
}
