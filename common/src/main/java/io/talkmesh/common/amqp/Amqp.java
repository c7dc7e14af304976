package io.talkmesh.common.amqp;

import io.vertx.core.Vertx;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;

/**
 * Creates broker clients that reconnect by themselves (Vert.x-level restarts; {@link BrokerConnection} redeclares).
 * amqp-client refuses an inbound message body over its {@code maxInboundMessageBodySize} (64 MiB) by shutting the
 * whole connection down, and vertx-rabbitmq-client 5.0.8 builds its ConnectionFactory without letting us set it:
 * so the bound is kept by the senders instead: RpcServer's reply limit ({@code TALK_RPC_MAX_REPLY_BYTES}, 8 MiB),
 * the gateway's request body limit, and talk-manager's bounded events (docs/rpc.md, "Bounds").
 */
public final class Amqp {
  private Amqp() {
  }

  /** A client of the broker {@code uri} names: one amqp URI or a comma-separated list of a cluster's nodes. */
  public static RabbitMQClient client(Vertx vertx, String uri, String connectionName) {
    RabbitMQOptions options = BrokerNodes.parse(uri).applyTo(new RabbitMQOptions())
        .setConnectionName(connectionName)
        .setAutomaticRecoveryEnabled(false)
        .setReconnectAttempts(Integer.MAX_VALUE)
        .setReconnectInterval(500)
        .setRequestedHeartbeat(10)
        .setConnectionTimeout(5000);
    return RabbitMQClient.create(vertx, options);
  }
}
