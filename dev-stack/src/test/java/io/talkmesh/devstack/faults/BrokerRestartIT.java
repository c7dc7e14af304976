package io.talkmesh.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.TestInfra;
import io.talkmesh.devstack.infra.EmbeddedBroker;
import io.talkmesh.devstack.system.Stack;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fault 2b: the broker itself restarted under steady load (a private embedded broker, stopped and started again on
 * the same port after 10 s, with its in-memory queues and exchanges gone). Every service reconnects and redeclares
 * its topology by itself; requests meanwhile fail with 503/504; events wait in the outbox and are relayed after the
 * restart; clients resume what they missed.
 */
class BrokerRestartIT {
  private static final int AGENTS = 8;

  @Test
  void restartingTheBrokerLosesNothingAndEveryServiceRecoversByItself() throws Exception {
    System.out.println("infrastructure mode: " + TestInfra.get().mode() + " (broker: a private embedded one)");
    int brokerPort = ServiceProcess.freePort();
    EmbeddedBroker broker = EmbeddedBroker.start(brokerPort);
    Stack stack = Stack.fresh();
    int managerPort = ServiceProcess.freePort();
    Vertx client = Vertx.vertx();
    try (stack) {
      stack.env().put("TALK_AMQP_URI", broker.uri());
      stack.env().put("TALK_MANAGER_HTTP_PORT", Integer.toString(managerPort));
      stack.env().put("TALK_RPC_TIMEOUT_MS", Long.toString(Verdict.RPC_TIMEOUT_MS));
      stack.startTalkManager().startGateway().startPush();
      try (Traffic traffic = Traffic.setUp(client, stack.httpPorts(), stack.wsPorts(), AGENTS)) {
        traffic.startSending();
        Waits.until(() -> traffic.acknowledgedCount() >= 150, Duration.ofSeconds(30), "load under way");

        broker.close();
        long stoppedAt = System.nanoTime();
        Thread.sleep(BrokerCutIT.OUTAGE.toMillis()); // the fault's duration, not a wait for an outcome
        int refusedDuringOutage = (int) traffic.outcomes().stream()
            .filter(o -> o.startNanos() >= stoppedAt && o.status() != 200).count();
        broker = EmbeddedBroker.start(brokerPort);
        long restartedAt = System.nanoTime();

        Duration ready = Verdict.awaitReady(List.of(stack.httpPort(), stack.wsPort(), managerPort),
            Verdict.RECOVERY_BOUND.plusSeconds(5));
        long ackedAtRecovery = traffic.acknowledgedCount();
        Waits.until(() -> traffic.acknowledgedCount() >= ackedAtRecovery + 150, Duration.ofSeconds(30),
            "load after the broker came back");

        Verdict verdict = Verdict.count("2b broker restarted (10 s down)", traffic, stack.env().get("TALK_PG_URI"),
            restartedAt, ready).print();
        assertThat(refusedDuringOutage).as("sends refused while the broker was down").isPositive();
        verdict.assertPassed();
      }
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
      broker.close();
    }
  }
}
