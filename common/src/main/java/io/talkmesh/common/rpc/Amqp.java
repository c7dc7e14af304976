package io.talkmesh.common.rpc;

import io.vertx.core.Vertx;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;

/** Creates broker clients that reconnect by themselves (Vert.x-level restarts; topology redeclared by callbacks). */
public final class Amqp {
  private Amqp() {
  }

  public static RabbitMQClient client(Vertx vertx, String uri, String connectionName) {
    RabbitMQOptions options = new RabbitMQOptions()
        .setUri(uri)
        .setConnectionName(connectionName)
        .setAutomaticRecoveryEnabled(false)
        .setReconnectAttempts(Integer.MAX_VALUE)
        .setReconnectInterval(500)
        .setRequestedHeartbeat(10)
        .setConnectionTimeout(5000);
    return RabbitMQClient.create(vertx, options);
  }
}
