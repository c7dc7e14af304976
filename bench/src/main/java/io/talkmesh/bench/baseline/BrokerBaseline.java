package io.talkmesh.bench.baseline;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.MeshCpu;
import io.talkmesh.bench.measure.Progress;
import io.talkmesh.bench.mesh.Infra;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The broker's limit with its own Java client, no Vert.x and no talk-mesh code, on the same broker:
 * (a) publish → consume throughput on one non-durable queue with at most 1,000 messages in flight, and the
 * publish-to-delivery latency; (b) request/reply round trips shaped like our RPC (publish with {@code reply_to} and
 * {@code correlation_id} and expiration, an echo consumer that replies then acks, one reply queue), at the same
 * concurrencies as the rpc scenario. The broker's CPU is sampled over each: CPU-ms per message and per round trip.
 */
public final class BrokerBaseline {
  private static final byte[] BODY = new byte[320]; // the size of a typical RPC request envelope

  private BrokerBaseline() {
  }

  public static JsonObject run(Infra infra, List<Integer> concurrencies, Duration duration) throws Exception {
    JsonObject result = new JsonObject().put("client", "com.rabbitmq:amqp-client " + clientVersion());
    try (Connection producer = infra.amqpConnection("bench-baseline-producer");
         Connection consumer = infra.amqpConnection("bench-baseline-consumer")) {
      result.put("publish_consume", publishConsume(producer, consumer, infra.prefix() + "bench.baseline.flow", duration));
      for (int c : concurrencies) {
        result.put("round_trip_c" + c, roundTrips(producer, consumer, infra.prefix() + "bench.baseline.rpc", c, duration));
      }
    }
    return result;
  }

  private static JsonObject publishConsume(Connection producer, Connection consumer, String queue, Duration duration)
      throws Exception {
    Progress.say("broker baseline: publish → consume, 1,000 in flight, %d s", duration.toSeconds());
    Channel in = consumer.createChannel();
    in.queueDeclare(queue, false, false, true, null);
    in.basicQos(1000);
    Semaphore inFlight = new Semaphore(1000);
    Latency latency = new Latency();
    LongAdder consumed = new LongAdder();
    DeliverCallback onDelivery = (tag, delivery) -> {
      latency.since(ByteBuffer.wrap(delivery.getBody()).getLong());
      consumed.increment();
      inFlight.release();
    };
    String consumerTag = in.basicConsume(queue, true, onDelivery, tag -> { });
    Channel out = producer.createChannel();
    CpuSampler cpu = MeshCpu.rabbitmqOnly().start();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    try (Progress progress = new Progress("broker publish→consume", duration).detail(latency::summary)) {
      while (System.nanoTime() < deadline) {
        if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        byte[] body = BODY.clone();
        ByteBuffer.wrap(body).putLong(System.nanoTime());
        out.basicPublish("", queue, null, body);
        progress.ok();
      }
      inFlight.tryAcquire(1000, 10, TimeUnit.SECONDS);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    JsonObject cost = MeshCpu.cost(cpu.stop(), consumed.sum(), 1);
    in.basicCancel(consumerTag);
    in.queueDelete(queue);
    in.close();
    out.close();
    Progress.say("broker publish→consume: %,.0f msg/s  %s", consumed.sum() / seconds, latency.summary());
    return new JsonObject().put("per_second", Latency.round(consumed.sum() / seconds)).put("latency", latency.toJson())
        .put("cost", cost);
  }

  private static JsonObject roundTrips(Connection client, Connection server, String queue, int concurrency,
                                       Duration duration) throws Exception {
    Progress.say("broker baseline: request/reply round trips, %d in flight, %d s", concurrency, duration.toSeconds());
    Channel serverChannel = server.createChannel();
    serverChannel.queueDeclare(queue, false, false, true, null);
    serverChannel.basicQos(64);
    String serverTag = serverChannel.basicConsume(queue, false, (tag, d) -> {
      AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder()
          .correlationId(d.getProperties().getCorrelationId()).contentType("application/json").build();
      serverChannel.basicPublish("", d.getProperties().getReplyTo(), reply, d.getBody());
      serverChannel.basicAck(d.getEnvelope().getDeliveryTag(), false);
    }, tag -> { });

    Channel clientChannel = client.createChannel();
    String replyQueue = clientChannel.queueDeclare("", false, true, true, null).getQueue();
    Map<String, Long> pending = new ConcurrentHashMap<>();
    Latency latency = new Latency();
    Semaphore window = new Semaphore(concurrency);
    LongAdder done = new LongAdder();
    String clientTag = clientChannel.basicConsume(replyQueue, true, (tag, d) -> {
      Long sent = pending.remove(d.getProperties().getCorrelationId());
      if (sent != null) {
        latency.since(sent);
        done.increment();
        window.release();
      }
    }, tag -> { });
    CpuSampler cpu = MeshCpu.rabbitmqOnly().start();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    try (Progress progress = new Progress("broker round trips c=" + concurrency, duration).detail(latency::summary)) {
      while (System.nanoTime() < deadline) {
        if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        String id = UUID.randomUUID().toString();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().correlationId(id).replyTo(replyQueue)
            .contentType("application/json").expiration("5000").build();
        pending.put(id, System.nanoTime());
        synchronized (clientChannel) {
          clientChannel.basicPublish("", queue, props, BODY);
        }
        progress.ok();
      }
      window.tryAcquire(concurrency, 10, TimeUnit.SECONDS);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    JsonObject cost = MeshCpu.cost(cpu.stop(), done.sum(), 1);
    clientChannel.basicCancel(clientTag);
    serverChannel.basicCancel(serverTag);
    serverChannel.queueDelete(queue);
    clientChannel.close();
    serverChannel.close();
    Progress.say("broker round trips c=%d: %,.0f/s  %s", concurrency, done.sum() / seconds, latency.summary());
    return new JsonObject().put("concurrency", concurrency).put("per_second", Latency.round(done.sum() / seconds))
        .put("latency", latency.toJson()).put("cost", cost);
  }

  private static String clientVersion() {
    Package p = com.rabbitmq.client.ConnectionFactory.class.getPackage();
    return p.getImplementationVersion() == null ? "" : p.getImplementationVersion();
  }
}
