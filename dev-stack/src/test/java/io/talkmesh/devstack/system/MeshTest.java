package io.talkmesh.devstack.system;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/**
 * Base of the system tests that need one mesh for the whole class: a fresh stack (one instance of each service),
 * a client Vert.x, an HTTP client of the gateway and the admin's token. Subclasses call {@link #startMesh} from
 * their {@code @BeforeAll}; the mesh stops after the class.
 */
abstract class MeshTest {
  static Stack stack;
  static Vertx client;
  static HttpApi api;
  static String adminToken;

  /** Starts the mesh with these environment variables on top of the stack's defaults. */
  static void startMesh(Map<String, String> overrides) throws Exception {
    stack = Stack.fresh();
    stack.env().putAll(overrides);
    stack.startTalkManager().startGateway().startPush();
    client = Vertx.vertx();
    api = new HttpApi(client, stack.httpPort());
    adminToken = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stopMesh() throws Exception {
    if (api != null) {
      api.close();
    }
    if (client != null) {
      client.close().await(10, TimeUnit.SECONDS);
    }
    if (stack != null) {
      stack.close();
    }
    api = null;
    client = null;
    stack = null;
  }
}
