package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.amqp.Amqp;
import io.talkmesh.common.rpc.RpcRequest;
import io.talkmesh.common.rpc.RpcResponse;
import io.talkmesh.devstack.testing.Agent;
import io.talkmesh.devstack.testing.Mesh;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Idempotency-Key retries and broker redeliveries produce one effect and the original response. */
class IdempotencyIT {
  @RegisterExtension
  static final Mesh mesh = Mesh.withDefaults();
  private static final String MESSAGES = "/v1.0/service_agents/talk_messages";

  private static Agent agent() {
    return Agent.create(mesh.api(), mesh.adminToken(), "idem");
  }

  private static String chat(Agent owner, Agent... others) {
    JsonArray participants = new JsonArray();
    for (Agent other : others) {
      participants.add(new JsonObject().put("owner_type", "agent").put("owner_id", other.id()));
    }
    return mesh.api().post("/v1.0/service_agents/talk_chats", owner.token(), new JsonObject().put("type", "group")
        .put("participants", participants)).json().getString("id");
  }

  private static List<String> messageIds(Agent reader, String chatId) {
    return mesh.api().get(MESSAGES + "?chat_id=" + chatId, reader.token()).json().getJsonArray("result").stream()
        .map(o -> ((JsonObject) o).getString("id")).toList();
  }

  @Test
  void aRetryWithTheSameKeyReturnsTheOriginalResponseAndSendsOnce() throws Exception {
    Agent alice = agent();
    Agent bob = agent();
    String chatId = chat(alice, bob);
    try (WsClient bobWs = WsClient.connect(mesh.client(), mesh.stack().wsPort(), bob.token()).subscribe("agent_id:" + bob.id() + ":chat")) {
      JsonObject body = new JsonObject().put("chat_id", chatId).put("text", "exactly once");
      Map<String, String> key = Map.of("Idempotency-Key", "send-" + UUID.randomUUID());
      HttpApi.Reply first = mesh.api().post(MESSAGES, alice.token(), body, key);
      HttpApi.Reply retry = mesh.api().post(MESSAGES, alice.token(), body, key);
      assertThat(first.status()).as("%s", first).isEqualTo(200);
      assertThat(retry.json()).isEqualTo(first.json());
      assertThat(messageIds(alice, chatId)).containsExactly(first.json().getString("id"));
      bobWs.next(f -> "chatmessage_created".equals(f.getString("type")), Duration.ofSeconds(15));
      bobWs.assertNone("chatmessage_created", Duration.ofMillis(700));

      HttpApi.Reply other = mesh.api().post(MESSAGES, bob.token(), body, key);
      assertThat(other.json().getString("id")).as("keys are per agent").isNotEqualTo(first.json().getString("id"));
      assertThat(mesh.api().post(MESSAGES, alice.token(), body, Map.of("Idempotency-Key", "bad key with spaces")).status())
          .isEqualTo(400);
    }
  }

  @Test
  void concurrentRequestsWithOneKeyProduceOneEffect() throws Exception {
    Agent alice = agent();
    String chatId = chat(alice);
    JsonObject body = new JsonObject().put("chat_id", chatId).put("text", "race");
    Map<String, String> key = Map.of("Idempotency-Key", "race-" + UUID.randomUUID());
    List<CompletableFuture<HttpApi.Reply>> racers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      racers.add(CompletableFuture.supplyAsync(() -> mesh.api().post(MESSAGES, alice.token(), body, key)));
    }
    Set<String> ids = new HashSet<>();
    for (CompletableFuture<HttpApi.Reply> racer : racers) {
      HttpApi.Reply reply = racer.get(30, TimeUnit.SECONDS);
      assertThat(reply.status()).as("%s", reply).isEqualTo(200);
      ids.add(reply.json().getString("id"));
    }
    assertThat(ids).hasSize(1);
    assertThat(messageIds(alice, chatId)).containsExactlyElementsOf(ids);
  }

  @Test
  void aRedeliveredRpcIsAnsweredFromTheStoredResultNotExecutedTwice() throws Exception {
    Agent alice = agent();
    String chatId = chat(alice);
    AmqpConfig amqp = new AmqpConfig(mesh.stack().env().get("TALK_AMQP_URI"), mesh.stack().env().get("TALK_AMQP_PREFIX"));
    RabbitMQClient raw = Amqp.client(mesh.client(), amqp.uri(), "redelivery-it");
    raw.start().await(10, TimeUnit.SECONDS);
    try {
      String replyQueue = raw.queueDeclare("", false, true, true).await(10, TimeUnit.SECONDS).getQueue();
      LinkedBlockingQueue<RpcResponse> replies = new LinkedBlockingQueue<>();
      var consumer = raw.basicConsumer(replyQueue, new QueueOptions().setAutoAck(true)).await(10, TimeUnit.SECONDS);
      consumer.handler(m -> replies.add(RpcResponse.fromBuffer(m.body())));
      Actor actor = Actor.agent(UUID.fromString(alice.customerId()), UUID.fromString(alice.id()), 0x10);
      RpcRequest request = RpcRequest.of("POST", "/v1/messages", new JsonObject().put("chat_id", chatId)
          .put("text", "delivered twice"), actor, "redelivery-it", "req-" + UUID.randomUUID());
      AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().correlationId(UUID.randomUUID().toString())
          .replyTo(replyQueue).contentType("application/json").build();
      // The same delivery twice, as the broker redelivers a request whose ack was lost in a crash.
      raw.basicPublish("", amqp.requestQueue(), props, request.toBuffer()).await(10, TimeUnit.SECONDS);
      RpcResponse first = replies.poll(15, TimeUnit.SECONDS);
      raw.basicPublish("", amqp.requestQueue(), props, request.toBuffer()).await(10, TimeUnit.SECONDS);
      RpcResponse second = replies.poll(15, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(second).isEqualTo(first);
      assertThat(messageIds(alice, chatId)).containsExactly(((JsonObject) first.data()).getString("id"));
      consumer.cancel().await(10, TimeUnit.SECONDS);
    } finally {
      raw.stop().await(10, TimeUnit.SECONDS);
    }
  }
}
