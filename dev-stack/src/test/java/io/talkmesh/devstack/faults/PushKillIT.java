package io.talkmesh.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Ports;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fault 4: {@code kill -9} of a push-service instance (its own JVM) under steady load. Its clients see the connection
 * drop without a close frame, reconnect to the other instance and resume from their last seq per chat; the event log
 * answers what the dead instance never sent.
 */
class PushKillIT {
  private static final int AGENTS = 8;

  @Test
  void killingAPushInstanceMidLoadMakesItsClientsResumeElsewhereWithoutLossOrDuplicate() throws Exception {
    Stack stack = Verdict.freshStack("kill -9 push-service");
    Vertx client = Vertx.vertx();
    int killedPort = Ports.free();
    ServiceProcess doomed = null;
    try (stack) {
      stack.startTalkManager().startGateway().startPush();
      doomed = ServiceProcess.pushBeside(stack, "push-service-killed", killedPort);
      int survivor = stack.wsPort();
      try (Traffic traffic = Traffic.setUp(client, stack.httpPorts(), List.of(killedPort, survivor), AGENTS)) {
        traffic.startSending();
        traffic.awaitAcknowledged(150, "load under way");

        doomed.kill();
        long killedAt = System.nanoTime();
        Duration ready = Verdict.awaitReady(List.of(stack.httpPort(), survivor), Verdict.RECOVERY_BOUND);
        traffic.awaitAcknowledged(traffic.acknowledgedCount() + 150, "load after the kill");

        Verdict verdict = Verdict.count("4 kill -9 push-service (1 of 2)", traffic, stack.env().get("TALK_PG_URI"),
            killedAt, ready).print();
        int moved = (int) traffic.receivers().stream().filter(r -> r.connections() > 1).count();
        System.out.printf("FAULT 4: %d of %d clients lost their instance (pid %d) and resumed on the other%n", moved,
            AGENTS, doomed.pid());
        assertThat(moved).as("clients of the killed instance that reconnected").isGreaterThanOrEqualTo(AGENTS / 2);
        verdict.assertPassed();
      }
    } finally {
      if (doomed != null) {
        doomed.close();
      }
      client.close().await(10, TimeUnit.SECONDS);
    }
  }
}
