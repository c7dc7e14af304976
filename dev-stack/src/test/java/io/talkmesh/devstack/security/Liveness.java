package io.talkmesh.devstack.security;

import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * What every fuzz run ends with: the mesh still does its job for a normal client — a fresh login, a new chat, a
 * message sent over HTTP and received over WebSocket.
 */
final class Liveness {
  private Liveness() {
  }

  static void assertServes(HttpApi api, Vertx client, int wsPort, Tenant tenant) throws Exception {
    String alice = api.login(tenant.alice.username(), tenant.alice.password());
    String bob = api.login(tenant.bob.username(), tenant.bob.password());
    try (WsClient ws = WsClient.connect(client, wsPort, alice).subscribe("agent_id:" + tenant.alice.id() + ":chat")) {
      assertReceives(api, ws, bob, tenant.alice.id());
    }
  }

  /** bob's token opens a chat with the agent and sends a message there, which the agent's socket must receive. */
  static void assertReceives(HttpApi api, WsClient ws, String senderToken, String agentId) throws Exception {
    String chat = Tenant.ok(api.post("/v1.0/service_agents/talk_chats", senderToken, new JsonObject().put("type", "group")
        .put("name", "still alive").put("participants", new JsonArray().add(new JsonObject()
            .put("owner_type", "agent").put("owner_id", agentId))))).getString("id");
    String message = Tenant.ok(api.post("/v1.0/service_agents/talk_messages", senderToken, new JsonObject()
        .put("chat_id", chat).put("text", "still alive"))).getString("id");
    ws.next(f -> "chatmessage_created".equals(f.getString("type"))
        && message.equals(f.getJsonObject("data").getString("id")), Duration.ofSeconds(15));
  }
}
