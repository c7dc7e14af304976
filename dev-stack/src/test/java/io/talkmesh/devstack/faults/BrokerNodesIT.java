package io.talkmesh.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.TestInfra;
import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Ports;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Services given several broker addresses ({@code TALK_AMQP_URI} as a comma-separated list): they connect to
 * whichever node answers, and when their node goes away they reconnect to another one. The "nodes" are TCP proxies in
 * front of the one test broker, so a node's loss is a proxy that drops its connections and refuses new ones.
 */
class BrokerNodesIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void servicesStartWhenTheFirstBrokerInTheListIsDead() throws Exception {
    URI broker = URI.create(TestInfra.get().amqpUri());
    String dead = new URI(broker.getScheme(), broker.getRawUserInfo(), "127.0.0.1", Ports.free(), broker.getRawPath(),
        null, null).toString();
    Vertx client = Vertx.vertx();
    try (Stack stack = Stack.fresh()) {
      stack.env().put("TALK_AMQP_URI", dead + "," + broker);
      stack.startTalkManager().startGateway().startPush();
      HttpApi api = new HttpApi(client, stack.httpPort());

      assertThat(api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD)).as("a login through gateway and talk-manager").isNotBlank();
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void servicesMoveToAnotherBrokerWhenTheirsGoesAway() throws Exception {
    URI broker = URI.create(TestInfra.get().amqpUri());
    Vertx client = Vertx.vertx();
    try (TcpProxy first = TcpProxy.start(broker.getHost(), broker.getPort());
         TcpProxy second = TcpProxy.start(broker.getHost(), broker.getPort());
         Stack stack = Stack.fresh()) {
      stack.env().put("TALK_AMQP_URI", first.uriFor(broker) + "," + second.uriFor(broker));
      stack.startTalkManager().startGateway().startPush();
      HttpApi api = new HttpApi(client, stack.httpPort());
      assertThat(api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD)).isNotBlank();
      int before = first.connections() + second.connections();
      assertThat(before).as("broker connections of the three services").isGreaterThanOrEqualTo(3);

      first.cut();
      Duration moved = Waits.until(() -> second.connections() == before && loginWorks(api), WAIT,
          "every connection on the second broker and a login working (on the second: " + second.connections()
              + " of " + before + ")");
      second.cut();
      first.restore();
      Duration back = Waits.until(() -> first.connections() == before && loginWorks(api), WAIT,
          "every connection back on the first broker and a login working");
      System.out.printf("broker nodes: %d connections moved to the second node in %d ms, back to the first in %d ms%n",
          before, moved.toMillis(), back.toMillis());
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static boolean loginWorks(HttpApi api) {
    try {
      api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
      return true;
    } catch (AssertionError notYet) {
      return false;
    }
  }
}
