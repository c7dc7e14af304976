package io.talkmesh.devstack.scale;

import io.talkmesh.devstack.system.Stack;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Starts stacks for several instances per service and waits until every gateway and push-service reports ready. */
final class Readiness {
  private Readiness() {
  }

  /**
   * {@link Stack#fresh()} with every listening port random, so several instances of a service share one JVM
   * (talk-manager's own HTTP port included).
   */
  static Stack freshStack() {
    Stack stack = Stack.fresh();
    stack.env().put("TALK_MANAGER_HTTP_PORT", "0");
    return stack;
  }

  static void await(Vertx vertx, Stack stack) throws InterruptedException {
    WebClient http = WebClient.create(vertx);
    try {
      for (int port : stack.httpPorts()) {
        PushListener.await(() -> ready(http, port), Duration.ofSeconds(30), "gateway on " + port + " ready");
      }
      for (int port : stack.wsPorts()) {
        PushListener.await(() -> ready(http, port), Duration.ofSeconds(30), "push-service on " + port + " ready");
      }
    } finally {
      http.close();
    }
  }

  private static boolean ready(WebClient http, int port) {
    try {
      return http.get(port, "127.0.0.1", "/health/ready").send().timeout(5, TimeUnit.SECONDS).await().statusCode() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
