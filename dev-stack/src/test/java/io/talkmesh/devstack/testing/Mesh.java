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
  private Running running;
  private String adminToken;

  /** What a started mesh holds; absent before {@link #start} and after {@link #close}. */
  private record Running(Stack stack, Vertx client, HttpApi api) {
  }

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
    Stack stack = Stack.fresh();
    stack.env().putAll(env);
    try {
      stack.startTalkManager().startGateway().startPush();
    } catch (Exception | AssertionError e) {
      stack.close(); // what did start; the failure is the start's
      throw e;
    }
    Vertx client = Vertx.vertx();
    running = new Running(stack, client, new HttpApi(client, stack.httpPort()));
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

  /** The services (ports, environment; start more instances on it). */
  public Stack stack() {
    return running().stack();
  }

  /** The client side's Vert.x, for WebSockets and raw clients. */
  public Vertx client() {
    return running().client();
  }

  /** An HTTP client of the (last started) gateway. */
  public HttpApi api() {
    return running().api();
  }

  /** The admin's token, logged in on first use (a suite that counts logins sees none it did not make). */
  public String adminToken() {
    if (adminToken == null) {
      adminToken = api().login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
    }
    return adminToken;
  }

  private Running running() {
    if (running == null) {
      throw new IllegalStateException("the mesh is not running: register it with @RegisterExtension or call start()");
    }
    return running;
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
    Running stopping = running;
    running = null;
    adminToken = null;
    if (stopping != null) {
      stopping.api().close();
      stopping.client().close().await(10, TimeUnit.SECONDS);
      stopping.stack().close();
    }
  }
}
