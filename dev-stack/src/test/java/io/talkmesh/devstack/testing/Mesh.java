package io.talkmesh.devstack.testing;

import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One mesh for a whole test class: a fresh stack (one instance of each service), a client Vert.x, an HTTP client of
 * the gateway and the admin's token. A Jupiter class registers it with
 * {@code @RegisterExtension static final Mesh mesh = Mesh.withEnv(Map.of(...))}; a jqwik class calls {@link #start}
 * and {@link #close} from its container hooks. Whatever a test opens on top of the mesh it hands to {@link #own},
 * and it is closed before the mesh, last opened first.
 */
public final class Mesh implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private final Map<String, String> env;
  private final Deque<AutoCloseable> owned = new ArrayDeque<>();
  private Stack stack;
  private Vertx client;
  private HttpApi api;
  private String adminToken;

  private Mesh(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** A mesh with the stack's default environment. */
  public static Mesh withDefaults() {
    return new Mesh(Map.of());
  }

  /** A mesh with these environment variables on top of the stack's defaults. */
  public static Mesh withEnv(Map<String, String> env) {
    return new Mesh(env);
  }

  /** Starts talk-manager, the gateway and push-service, and the client side. */
  public Mesh start() throws Exception {
    stack = Stack.fresh();
    stack.env().putAll(env);
    stack.startTalkManager().startGateway().startPush();
    client = Vertx.vertx();
    api = new HttpApi(client, stack.httpPort());
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  public Stack stack() {
    return stack;
  }

  public Vertx client() {
    return client;
  }

  public HttpApi api() {
    return api;
  }

  /** The admin's token, logged in on first use (a suite that counts logins sees none it did not make). */
  public String adminToken() {
    if (adminToken == null) {
      adminToken = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
    }
    return adminToken;
  }

  /** Closes {@code resource} when the mesh stops, before the mesh's own clients. */
  public <T extends AutoCloseable> T own(T resource) {
    owned.push(resource);
    return resource;
  }

  @Override
  public void close() throws Exception {
    while (!owned.isEmpty()) {
      owned.pop().close();
    }
    if (api != null) {
      api.close();
    }
    if (client != null) {
      client.close().await(10, TimeUnit.SECONDS);
    }
    if (stack != null) {
      stack.close();
    }
    adminToken = null;
    api = null;
    client = null;
    stack = null;
  }
}
