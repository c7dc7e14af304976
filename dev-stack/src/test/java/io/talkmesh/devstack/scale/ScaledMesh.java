package io.talkmesh.devstack.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.system.WsClient;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh mesh of one talk-manager, one gateway and {@code pushes} push instances for a test class, with the
 * helpers its tests share: an agent, a chat, an agent's device (a session subscribed to its chats) on a given push
 * instance. Register it with {@code @RegisterExtension static final ScaledMesh mesh = ScaledMesh.withPushes(2);}.
 */
final class ScaledMesh implements BeforeAllCallback, AfterAllCallback {
  static final String TALK = "/v1.0/service_agents";
  private final int pushes;
  private final java.util.Map<String, String> env = new java.util.HashMap<>();
  private Stack stack;
  private Vertx client;
  private HttpApi api;
  private String adminToken;

  private ScaledMesh(int pushes) {
    this.pushes = pushes;
  }

  static ScaledMesh withPushes(int pushes) {
    return new ScaledMesh(pushes);
  }

  /** This variable set for every service of the mesh. */
  ScaledMesh env(String name, String value) {
    env.put(name, value);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Stack fresh = Readiness.freshStack();
    fresh.env().putAll(env);
    stack = fresh.startTalkManager().startGateway();
    for (int i = 0; i < pushes; i++) {
      stack.startPush();
    }
    client = Vertx.vertx();
    api = new HttpApi(client, stack.httpPorts().get(0));
    Readiness.await(client, stack);
    adminToken = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (api != null) {
      api.close();
    }
    if (client != null) {
      client.close().await(10, TimeUnit.SECONDS);
    }
    if (stack != null) {
      stack.close();
    }
  }

  Stack stack() {
    return stack;
  }

  Vertx vertx() {
    return client;
  }

  String adminToken() {
    return adminToken;
  }

  HttpApi api() {
    return api;
  }

  Agent agent(String name) {
    return Agent.create(api, adminToken, name);
  }

  /** A session of the agent on push instance {@code push}, subscribed to all its chats. */
  WsClient device(Agent agent, int push) throws Exception {
    return WsClient.connect(client, stack.wsPorts().get(push), agent.token()).subscribe("agent_id:" + agent.id() + ":chat");
  }

  /** A chat of this type created by {@code creator} with the others in it; its id. */
  String chat(Agent creator, String type, Agent... others) {
    JsonArray participants = new JsonArray();
    for (Agent other : others) {
      participants.add(new JsonObject().put("owner_type", "agent").put("owner_id", other.id()));
    }
    return ok(api.post(TALK + "/talk_chats", creator.token(), new JsonObject().put("type", type).put("name", type)
        .put("participants", participants))).getString("id");
  }

  static JsonObject ok(HttpApi.Reply reply) {
    assertThat(reply.status()).as("expected 200, got %s", reply).isEqualTo(200);
    return reply.json();
  }
}
