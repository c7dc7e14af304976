package io.talkmesh.devstack.security;

import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.request.webhook.ParkEvent;
import io.talkmesh.common.rpc.RpcClient;
import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.testing.Agent;
import io.talkmesh.devstack.testing.Mesh;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One customer arranged through the public API: its admin, two agents (alice, bob), a group chat of the two with a
 * message, a threaded reply and a reaction, and a public channel; with the id of every kind of thing the API names
 * (agent, chat, message, participant, chatroom, chatroommessage, webhook endpoint and parked event).
 */
final class Tenant {
  final String customerId;
  final Agent admin;
  final Agent alice;
  final Agent bob;
  final String chat;
  final String channel;
  final String message;
  final String reply;
  /** bob's participant in {@link #chat}. */
  final String participant;
  /** bob's chatroom of {@link #chat} (the older Chat API's view of his participant). */
  final String chatroom;
  /** {@link #message} as bob's chatroom sees it. */
  final String chatroommessage;
  /** A webhook endpoint of the customer, made by its admin. */
  final String webhookEndpoint;
  /** An event parked for {@link #webhookEndpoint}, as webhook-service parks one (through its RPC). */
  final String webhookParked;

  private Tenant(Mesh mesh, String adminUsername, String adminPassword) {
    HttpApi api = mesh.api();
    String adminToken = api.login(adminUsername, adminPassword);
    JsonObject adminJson = ok(api.get("/v1.0/agents?page_size=100", adminToken)).getJsonArray("result").stream()
        .map(o -> (JsonObject) o).filter(a -> a.getString("username").equals(adminUsername)).findFirst()
        .orElseThrow(() -> new AssertionError("admin " + adminUsername + " not listed"));
    customerId = adminJson.getString("customer_id");
    admin = new Agent(adminJson.getString("id"), adminJson.getString("name"), adminUsername, adminPassword, adminToken,
        customerId);
    alice = Agent.create(api, adminToken, "alice");
    bob = Agent.create(api, adminToken, "bob");
    chat = ok(api.post("/v1.0/service_agents/talk_chats", alice.token(), new JsonObject().put("type", "group")
        .put("name", "isolation").put("participants", new JsonArray().add(new JsonObject()
            .put("owner_type", "agent").put("owner_id", bob.id()))))).getString("id");
    channel = ok(api.post("/v1.0/service_agents/talk_chats", alice.token(), new JsonObject().put("type", "talk")
        .put("name", "channel-" + UUID.randomUUID()))).getString("id");
    message = ok(api.post("/v1.0/service_agents/talk_messages", alice.token(), new JsonObject().put("chat_id", chat)
        .put("text", "only for customer " + customerId))).getString("id");
    reply = ok(api.post("/v1.0/service_agents/talk_messages", bob.token(), new JsonObject().put("chat_id", chat)
        .put("text", "a reply").put("parent_id", message))).getString("id");
    ok(api.post("/v1.0/service_agents/talk_messages/" + message + "/reactions", bob.token(),
        new JsonObject().put("emoji", "thumbsup")));
    HttpApi.Reply participants = api.get("/v1.0/service_agents/talk_chats/" + chat + "/participants", alice.token());
    if (participants.status() != 200 || !(participants.body() instanceof JsonArray list)) {
      throw new AssertionError("expected the participants, got " + participants);
    }
    participant = list.stream().map(o -> (JsonObject) o).filter(p -> p.getString("owner_id").equals(bob.id()))
        .findFirst().orElseThrow().getString("id");
    chatroom = ok(api.get("/v1.0/chatrooms", bob.token())).getJsonArray("result").stream().map(o -> (JsonObject) o)
        .filter(r -> r.getString("chat_id").equals(chat)).findFirst().orElseThrow().getString("id");
    chatroommessage = ok(api.get("/v1.0/chatroommessages?chatroom_id=" + chatroom, bob.token())).getJsonArray("result")
        .stream().map(o -> (JsonObject) o).filter(m -> m.getString("messagechat_id").equals(message)).findFirst()
        .orElseThrow().getString("id");
    webhookEndpoint = ok(api.post("/v1.0/webhook_endpoints", adminToken, new JsonObject()
        .put("url", "https://hooks.example.com/" + customerId))).getString("id");
    webhookParked = park(mesh, webhookEndpoint);
  }

  static Tenant arrange(Mesh mesh, String adminUsername, String adminPassword) {
    return new Tenant(mesh, adminUsername, adminPassword);
  }

  /** Parks an event for the endpoint through the RPC webhook-service calls (it has no public route). */
  private static String park(Mesh mesh, String endpoint) {
    AmqpConfig amqp = new AmqpConfig(mesh.stack().env().get("TALK_AMQP_URI"), mesh.stack().env().get("TALK_AMQP_PREFIX"));
    RpcClient rpc = new RpcClient(mesh.client(), amqp.uri(), "tenant-arrange", amqp.requestQueue(), 5000);
    try {
      rpc.start().await(30, TimeUnit.SECONDS);
      return new TalkManagerClient(rpc, "tenant-arrange").parkEvent(new ParkEvent(UUID.fromString(endpoint),
          UUID.randomUUID(), new JsonObject().put("type", "chat_created"), "arranged", 1)).await(10, TimeUnit.SECONDS)
          .id().toString();
    } catch (Exception e) {
      throw new AssertionError("could not park an event for endpoint " + endpoint, e);
    } finally {
      try {
        rpc.stop().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("could not stop the RPC client", e);
      }
    }
  }

  /** Every id of this tenant by kind (the words the API's paths use). */
  Map<String, String> ids() {
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("customer", customerId);
    ids.put("agent", alice.id());
    ids.put("admin", admin.id());
    ids.put("other agent", bob.id());
    ids.put("chat", chat);
    ids.put("channel", channel);
    ids.put("message", message);
    ids.put("reply", reply);
    ids.put("participant", participant);
    ids.put("chatroom", chatroom);
    ids.put("chatroommessage", chatroommessage);
    ids.put("webhook_endpoint", webhookEndpoint);
    ids.put("webhook_parked", webhookParked);
    return ids;
  }

  static JsonObject ok(HttpApi.Reply reply) {
    if (reply.status() != 200 || !(reply.body() instanceof JsonObject json)) {
      throw new AssertionError("expected 200 with a JSON object, got " + reply);
    }
    return json;
  }
}
