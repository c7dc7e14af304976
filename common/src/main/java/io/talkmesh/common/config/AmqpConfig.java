package io.talkmesh.common.config;

import io.talkmesh.common.amqp.BrokerNodes;
import java.util.Locale;

/**
 * Where the broker is and how talk-mesh names its queues and exchanges on it.
 *
 * @param uri       AMQP URI of the broker, or the comma-separated URIs of a cluster's nodes ({@code TALK_AMQP_URI},
 *                  see {@link BrokerNodes})
 * @param prefix    prefix of every queue and exchange name ({@code TALK_AMQP_PREFIX})
 * @param queueType the type of the durable queues that carry work ({@code TALK_AMQP_QUEUE_TYPE})
 */
public record AmqpConfig(String uri, String prefix, QueueType queueType) {
  public static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672";
  public static final String DEFAULT_PREFIX = "bin-manager.";

  /**
   * How the durable work queues are declared. {@code classic} works on every broker (the embedded Qpid one too);
   * {@code quorum} (RabbitMQ 3.8+) replicates them over a cluster's nodes, so they survive a node's loss, and lets
   * the broker itself count deliveries and dead-letter a request past its delivery limit. A queue keeps the type it
   * was created with: changing it means deleting the queue first (docs/operations.md, "Broker cluster").
   */
  public enum QueueType {
    CLASSIC, QUORUM;

    static QueueType from(Env env) {
      String value = env.string("TALK_AMQP_QUEUE_TYPE", "classic");
      try {
        return valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("TALK_AMQP_QUEUE_TYPE must be classic or quorum, got '" + value + "'");
      }
    }
  }

  /** Classic work queues. */
  public AmqpConfig(String uri, String prefix) {
    this(uri, prefix, QueueType.CLASSIC);
  }

  public static AmqpConfig from(Env env) {
    String uri = env.string("TALK_AMQP_URI", DEFAULT_URI);
    BrokerNodes.parse(uri);
    return new AmqpConfig(uri, env.string("TALK_AMQP_PREFIX", DEFAULT_PREFIX), QueueType.from(env));
  }

  /** Whether work queues are quorum queues. */
  public boolean quorum() {
    return queueType == QueueType.QUORUM;
  }

  /** The durable queue all talk-manager instances compete on for RPC requests. */
  public String requestQueue() {
    return prefix + "talk-manager.request";
  }

  /** The durable topic exchange talk-manager publishes its domain events to. */
  public String eventExchange() {
    return prefix + "talk-manager.event";
  }

  /**
   * The topic exchange push instances trade ephemeral signals on (typing): routed like events
   * ({@code <customer>.<chat>.<kind>}), never stored, lossy by design (docs/websocket.md, "Typing").
   */
  public String signalExchange() {
    return prefix + "talk-push.signal";
  }

  /** The durable fanout exchange talk-manager announces every change of an agent's access to (docs/rpc.md). */
  public String accessExchange() {
    return prefix + "talk-manager.access";
  }
}
