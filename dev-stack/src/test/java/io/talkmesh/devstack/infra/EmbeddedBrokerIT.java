package io.talkmesh.devstack.infra;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedBrokerIT {

  private static EmbeddedBroker broker;
  private static Connection connection;

  /** Set {@code -Dtalk.test.brokerIT.uri=amqp://guest:guest@127.0.0.1:5672} to check these expectations on a real RabbitMQ. */
  private static final String OVERRIDE_URI = System.getProperty("talk.test.brokerIT.uri", "");

  private static String uri;

  @BeforeAll
  static void start() throws Exception {
    if (OVERRIDE_URI.isBlank()) {
      broker = EmbeddedBroker.start(0);
      uri = broker.uri();
    } else {
      uri = OVERRIDE_URI;
    }
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri); // vhost defaults to "/"
    connection = factory.newConnection("embedded-broker-it");
  }

  @AfterAll
  static void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void uriAndPort() {
    org.junit.jupiter.api.Assumptions.assumeTrue(broker != null);
    assertThat(broker.port()).isPositive();
    assertThat(broker.uri()).isEqualTo("amqp://guest:guest@127.0.0.1:" + broker.port());
  }

  @Test
  void rpcRoundTripOverServerNamedExclusiveReplyQueue() throws Exception {
    String requestQueue = "it.rpc." + UUID.randomUUID();
    try (Channel server = connection.createChannel(); Channel client = connection.createChannel()) {
      server.queueDeclare(requestQueue, true, false, false, null);
      server.basicQos(10);
      server.basicConsume(requestQueue, false, new DefaultConsumer(server) {
        @Override
        public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body)
            throws IOException {
          AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder()
              .correlationId(props.getCorrelationId()).build();
          // reply through the default exchange, routing key = queue name
          getChannel().basicPublish("", props.getReplyTo(), reply, bytes("pong:" + text(body)));
          getChannel().basicAck(env.getDeliveryTag(), false);
        }
      });

      String replyQueue = client.queueDeclare("", false, true, true, null).getQueue();
      assertThat(replyQueue).isNotBlank();
      BlockingQueue<String[]> replies = new ArrayBlockingQueue<>(10);
      client.basicConsume(replyQueue, true, new DefaultConsumer(client) {
        @Override
        public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
          replies.add(new String[] {props.getCorrelationId(), text(body)});
        }
      });

      for (int i = 0; i < 3; i++) {
        String correlationId = UUID.randomUUID().toString();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
            .correlationId(correlationId).replyTo(replyQueue).expiration("3000").build(); // RabbitMQ TTL semantics
        client.basicPublish("", requestQueue, props, bytes("ping" + i));
        String[] reply = replies.poll(10, TimeUnit.SECONDS);
        assertThat(reply).as("reply %d", i).isNotNull();
        assertThat(reply[0]).isEqualTo(correlationId);
        assertThat(reply[1]).isEqualTo("pong:ping" + i);
      }
      server.queueDelete(requestQueue);
    }
  }

  @Test
  void topicExchangeDeliversByPatternAndUnbindStopsDelivery() throws Exception {
    String exchange = "it.events." + UUID.randomUUID();
    try (Channel ch = connection.createChannel()) {
      ch.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
      String all = ch.queueDeclare("it.all." + UUID.randomUUID(), true, false, false, null).getQueue();
      String chat = ch.queueDeclare("", false, true, true, null).getQueue();
      ch.queueBind(all, exchange, "#");
      ch.queueBind(chat, exchange, "cust.chat.*");

      ch.basicPublish(exchange, "cust.chat.created", null, bytes("a"));
      ch.basicPublish(exchange, "cust.member.added", null, bytes("b"));
      ch.basicPublish(exchange, "cust.chat.x.y", null, bytes("c")); // * is one word only

      assertThat(drain(ch, all, 3)).containsExactly("a", "b", "c");
      assertThat(drain(ch, chat, 1)).containsExactly("a");
      assertThat(ch.basicGet(chat, true)).isNull();

      ch.queueUnbind(chat, exchange, "cust.chat.*");
      ch.basicPublish(exchange, "cust.chat.deleted", null, bytes("d"));
      assertThat(drain(ch, all, 1)).containsExactly("d");
      assertThat(ch.basicGet(chat, true)).isNull();

      ch.queueDelete(all);
      ch.exchangeDelete(exchange);
    }
  }

  /** basicGet until {@code n} messages arrived (or 10 s passed). */
  private static List<String> drain(Channel ch, String queue, int n) throws Exception {
    List<String> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (out.size() < n && System.nanoTime() < deadline) {
      GetResponse r = ch.basicGet(queue, true);
      if (r == null) {
        Thread.sleep(20);
      } else {
        out.add(text(r.getBody()));
      }
    }
    return out;
  }

  @Test
  void publisherConfirms() throws Exception {
    try (Channel ch = connection.createChannel()) {
      String q = ch.queueDeclare("", false, true, true, null).getQueue();
      ch.confirmSelect();
      for (int i = 0; i < 100; i++) {
        ch.basicPublish("", q, new AMQP.BasicProperties.Builder().deliveryMode(2).build(), bytes("m" + i));
      }
      assertThat(ch.waitForConfirms(10_000)).isTrue();
      assertThat(ch.queueDeclarePassive(q).getMessageCount()).isEqualTo(100);
    }
  }

  @Test
  void queueWithRabbitMqBoundsIsDeclaredAndDelivers() throws Exception {
    // push-service's signal queue: RabbitMQ's TTL, max length and drop-head arguments (Qpid has its own names)
    Map<String, Object> bounds = Map.of("x-message-ttl", 5000, "x-max-length", 10_000, "x-overflow", "drop-head");
    try (Channel ch = connection.createChannel()) {
      String q = ch.queueDeclare("it.signal." + UUID.randomUUID(), false, true, true, bounds).getQueue();
      ch.basicPublish("", q, null, bytes("typing"));
      assertThat(drain(ch, q, 1)).containsExactly("typing");
    }
  }

  @Test
  void expiredMessageInUnconsumedQueueDisappears() throws Exception {
    try (Channel ch = connection.createChannel()) {
      String q = "it.ttl." + UUID.randomUUID();
      ch.queueDeclare(q, true, false, false, null);
      ch.basicPublish("", q, new AMQP.BasicProperties.Builder().expiration("1").build(), bytes("gone"));
      ch.basicPublish("", q, new AMQP.BasicProperties.Builder().expiration("60000").build(), bytes("stays"));

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      long count = ch.queueDeclarePassive(q).getMessageCount();
      while (count != 1 && System.nanoTime() < deadline) {
        Thread.sleep(50);
        count = ch.queueDeclarePassive(q).getMessageCount();
      }
      assertThat(count).as("messages left in queue").isEqualTo(1);
      GetResponse r = ch.basicGet(q, true);
      assertThat(r).isNotNull();
      assertThat(text(r.getBody())).isEqualTo("stays");
      assertThat(r.getProps().getExpiration()).isNotNull();
      ch.queueDelete(q);
    }
  }

  @Test
  void integerHeaderSurvivesAndManualAckWithPrefetch() throws Exception {
    try (Channel ch = connection.createChannel()) {
      String q = ch.queueDeclare("", false, true, true, null).getQueue();
      for (int i = 1; i <= 5; i++) {
        ch.basicPublish("", q, new AMQP.BasicProperties.Builder()
            .headers(Map.of("seq", i, "kind", "chat")).build(), bytes("m" + i));
      }
      ch.basicQos(2);
      BlockingQueue<Object[]> deliveries = new ArrayBlockingQueue<>(10);
      ch.basicConsume(q, false, new DefaultConsumer(ch) {
        @Override
        public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
          deliveries.add(new Object[] {env.getDeliveryTag(), props.getHeaders().get("seq"), props.getHeaders().get("kind")});
        }
      });

      // prefetch 2: only two unacked deliveries arrive
      Object[] first = deliveries.poll(10, TimeUnit.SECONDS);
      Object[] second = deliveries.poll(10, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(second).isNotNull();
      assertThat(deliveries.poll(300, TimeUnit.MILLISECONDS)).as("third delivery before any ack").isNull();

      assertThat(first[1]).isInstanceOf(Integer.class).isEqualTo(1);
      assertThat(second[1]).isEqualTo(2);
      assertThat(String.valueOf(first[2])).isEqualTo("chat"); // LongString on the wire

      List<Integer> seqs = new ArrayList<>(List.of((Integer) first[1], (Integer) second[1]));
      ch.basicAck((Long) first[0], false);
      ch.basicAck((Long) second[0], false);
      while (seqs.size() < 5) {
        Object[] d = deliveries.poll(10, TimeUnit.SECONDS);
        assertThat(d).as("delivery after ack").isNotNull();
        seqs.add((Integer) d[1]);
        ch.basicAck((Long) d[0], false);
      }
      assertThat(seqs).containsExactly(1, 2, 3, 4, 5);
    }
  }

  @Test
  void explicitSlashVirtualHost() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri + "/%2F");
    try (Connection c = factory.newConnection(); Channel ch = c.createChannel()) {
      String q = ch.queueDeclare("", false, true, true, null).getQueue();
      ch.basicPublish("", q, null, bytes("x"));
      assertThat(drain(ch, q, 1)).containsExactly("x");
    }
  }
}
