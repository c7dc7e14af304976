package io.talkmesh.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.TestInfra;
import io.talkmesh.devstack.system.Stack;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fault 2: every service's broker connection cut for 10 s under steady load (a TCP proxy between all of them and the
 * broker drops every connection and refuses new ones). Gateways answer 503/504 meanwhile; every client reconnects by
 * itself and redeclares its queues; events wait in the outbox; push-service closes its sessions with 1012 after its
 * reconnect and the clients resume what its auto-delete queue missed.
 */
class BrokerCutIT {
  private static final int AGENTS = 8;
  static final Duration OUTAGE = Duration.ofSeconds(10);

  @Test
  void cuttingTheBrokerFor10sLosesNothingAndEveryServiceRecoversByItself() throws Exception {
    System.out.println("infrastructure mode: " + TestInfra.get().mode());
    Stack stack = Stack.fresh();
    URI broker = URI.create(stack.env().get("TALK_AMQP_URI"));
    int managerPort = ServiceProcess.freePort();
    Vertx client = Vertx.vertx();
    try (TcpProxy proxy = TcpProxy.start(broker.getHost(), broker.getPort()); stack) {
      stack.env().put("TALK_AMQP_URI", throughProxy(broker, proxy));
      stack.env().put("TALK_MANAGER_HTTP_PORT", Integer.toString(managerPort));
      stack.env().put("TALK_RPC_TIMEOUT_MS", Long.toString(Verdict.RPC_TIMEOUT_MS));
      stack.startTalkManager().startGateway().startPush();
      try (Traffic traffic = Traffic.setUp(client, stack.httpPorts(), stack.wsPorts(), AGENTS)) {
        traffic.startSending();
        Waits.until(() -> traffic.acknowledgedCount() >= 150, Duration.ofSeconds(30), "load under way");

        proxy.cut();
        long cutAt = System.nanoTime();
        Thread.sleep(OUTAGE.toMillis()); // the fault's duration, not a wait for an outcome
        int refusedDuringOutage = (int) traffic.outcomes().stream()
            .filter(o -> o.startNanos() >= cutAt && o.status() != 200).count();
        proxy.restore();
        long restoredAt = System.nanoTime();

        Duration ready = Verdict.awaitReady(List.of(stack.httpPort(), stack.wsPort(), managerPort),
            Verdict.RECOVERY_BOUND.plusSeconds(5));
        long ackedAtRecovery = traffic.acknowledgedCount();
        Waits.until(() -> traffic.acknowledgedCount() >= ackedAtRecovery + 150, Duration.ofSeconds(30),
            "load after the broker came back");

        Verdict verdict = Verdict.count("2 broker connection cut 10 s (all services)", traffic,
            stack.env().get("TALK_PG_URI"), restoredAt, ready).print();
        assertThat(refusedDuringOutage).as("sends refused during the outage (the cut was felt)").isPositive();
        verdict.assertPassed();
      }
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** The same URI with host and port replaced by the proxy's. */
  static String throughProxy(URI uri, TcpProxy proxy) throws Exception {
    return new URI(uri.getScheme(), uri.getRawUserInfo(), "127.0.0.1", proxy.port(), uri.getRawPath(),
        uri.getRawQuery(), null).toString();
  }
}
