package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.amqp.Amqp;
import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.WebhookParked;
import io.talkmesh.common.request.webhook.ParkEvent;
import io.talkmesh.common.rpc.RpcClient;
import io.talkmesh.devstack.testing.Mesh;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A parked webhook event replayed through the public API: the replay request is published on the event exchange, in
 * the endpoint's own stream, for webhook-service; push-service, which binds the customer's whole stream for an
 * admin's customer-wide topic and so receives it, hands it to no WebSocket session.
 */
class WebhookReplayIT {
  @RegisterExtension
  static final Mesh mesh = Mesh.withDefaults();

  @Test
  void aReplayRequestReachesTheExchangeAndNoWebSocketSession() throws Exception {
    AmqpConfig amqp = new AmqpConfig(mesh.stack().env().get("TALK_AMQP_URI"), mesh.stack().env().get("TALK_AMQP_PREFIX"));
    RpcClient rpc = new RpcClient(mesh.client(), amqp.uri(), "webhook-replay-it", amqp.requestQueue(), 5000);
    String token = mesh.adminToken();
    JsonObject me = mesh.api().get("/v1.0/service_agents/me", token).json();
    String customer = me.getString("customer_id");
    String admin = me.getString("id");

    RabbitMQClient consumer = Amqp.client(mesh.client(), amqp.uri(), "webhook-replay-it-events");
    consumer.start().await(10, TimeUnit.SECONDS);
    LinkedBlockingQueue<Event> replays = new LinkedBlockingQueue<>();
    try (WsClient ws = WsClient.connect(mesh.client(), mesh.stack().wsPort(), token)) {
      consumer.exchangeDeclare(amqp.eventExchange(), "topic", true, false).await(10, TimeUnit.SECONDS);
      String queue = consumer.queueDeclare("", false, true, true).await(10, TimeUnit.SECONDS).getQueue();
      consumer.queueBind(queue, amqp.eventExchange(), customer + ".*." + EventType.WEBHOOK_REPLAY_REQUESTED.wire())
          .await(10, TimeUnit.SECONDS);
      consumer.basicConsumer(queue, new QueueOptions().setAutoAck(true)).await(10, TimeUnit.SECONDS)
          .handler(m -> replays.add(Event.fromDelivery(m)));
      ws.subscribe("customer_id:" + customer + ":chat", "agent_id:" + admin + ":chat");

      String endpoint = mesh.api().post("/v1.0/webhook_endpoints", token,
          new JsonObject().put("url", "https://hooks.example.com/replay")).json().getString("id");
      JsonObject payload = new JsonObject().put("type", "chat_created").put("data", new JsonObject());
      rpc.start().await(30, TimeUnit.SECONDS);
      WebhookParked parked = new TalkManagerClient(rpc, "webhook-replay-it").parkEvent(new ParkEvent(
          UUID.fromString(endpoint), UUID.randomUUID(), payload, "HTTP 503 for 24 h", 17)).await(10, TimeUnit.SECONDS);
      HttpApi.Reply replayed = mesh.api().post("/v1.0/webhook_endpoints/" + endpoint + "/parked/" + parked.id()
          + "/replay", token, new JsonObject());
      assertThat(replayed.status()).as("replay: %s", replayed).isEqualTo(200);

      Event replay = replays.poll(15, TimeUnit.SECONDS);
      assertThat(replay).as("webhook_replay_requested on the exchange").isNotNull();
      assertThat(replay.type()).isEqualTo(EventType.WEBHOOK_REPLAY_REQUESTED);
      assertThat(replay.chatId().toString()).as("the endpoint's stream").isEqualTo(endpoint);
      assertThat(replay.data().getString("parked_id")).isEqualTo(parked.id().toString());
      assertThat(replay.data().getJsonObject("event")).isEqualTo(payload);

      // Published after the replay, consumed after it by the same push queue: once it is shown, the replay was seen.
      String chat = mesh.api().post("/v1.0/service_agents/talk_chats", token, new JsonObject().put("type", "talk")
          .put("name", "after-replay-" + UUID.randomUUID()).put("participants", new JsonArray())).json().getString("id");
      JsonObject created = ws.next("chat_created");
      assertThat(created.getJsonObject("data").getString("id")).isEqualTo(chat);
      ws.assertNone(EventType.WEBHOOK_REPLAY_REQUESTED.wire(), Duration.ofMillis(500));
      assertThat(ws.seen()).as("frames the admin's session got").noneMatch(f -> f.encode().contains(endpoint));
    } finally {
      consumer.stop().await(10, TimeUnit.SECONDS);
      rpc.stop().await(10, TimeUnit.SECONDS);
    }
  }
}
