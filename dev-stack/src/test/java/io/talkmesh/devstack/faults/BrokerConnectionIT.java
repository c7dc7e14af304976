package io.talkmesh.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.amqp.Amqp;
import io.talkmesh.common.amqp.BrokerConnection;
import io.talkmesh.common.amqp.ConnectionQueue;
import io.talkmesh.devstack.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The broker-connection lifecycle every client, server and consumer uses, on its own: after the line to the broker is
 * cut and restored, the declarations run again on the new connection and the consumer follows its new queue.
 */
class BrokerConnectionIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aCutConnectionRedoesTheDeclarationsAndTheConsumerFollowsTheNewQueue() throws Exception {
    URI broker = URI.create(TestInfra.get().amqpUri());
    String prefix = TestInfra.get().newPrefix();
    Vertx vertx = Vertx.vertx();
    try (TcpProxy proxy = TcpProxy.start(broker.getHost(), broker.getPort())) {
      BrokerConnection connection = new BrokerConnection(
          Amqp.client(vertx, proxy.uriFor(broker), "broker-connection-it"));
      ConnectionQueue queue = new ConnectionQueue(() -> prefix + "broker-connection-it." + UUID.randomUUID());
      AtomicInteger declarations = new AtomicInteger();
      List<String> received = new CopyOnWriteArrayList<>();
      vertx.deployVerticle(new VerticleBase() {
        @Override
        public Future<?> start() {
          return connection.start(client -> {
            declarations.incrementAndGet();
            return queue.declare(client).mapEmpty();
          }).compose(v -> queue.consume(connection, new QueueOptions(), m -> received.add(m.body().toString())));
        }
      }).await(WAIT.toSeconds(), TimeUnit.SECONDS);
      RabbitMQClient direct = Amqp.client(vertx, broker.toString(), "broker-connection-it-direct");
      direct.start().await(WAIT.toSeconds(), TimeUnit.SECONDS);
      String first = queue.name();
      assertThat(declarations.get()).as("declarations on the first connection").isEqualTo(1);
      direct.basicPublish("", first, Buffer.buffer("before the cut")).await(10, TimeUnit.SECONDS);
      Waits.until(() -> received.contains("before the cut"), WAIT, "a message on the first connection's queue");

      proxy.cut();
      Waits.until(() -> !connection.isConnected(), WAIT, "the cut seen by the client");
      proxy.restore();
      Waits.until(() -> connection.isConnected() && declarations.get() >= 2 && !first.equals(queue.name()), WAIT,
          "the declarations redone on a new connection");

      direct.basicPublish("", queue.name(), Buffer.buffer("after the cut")).await(10, TimeUnit.SECONDS);
      Waits.until(() -> received.contains("after the cut"), WAIT, "a message on the new connection's queue");
      direct.stop().await(10, TimeUnit.SECONDS);
      connection.stop().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
