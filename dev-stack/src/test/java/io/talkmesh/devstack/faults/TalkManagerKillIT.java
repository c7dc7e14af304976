package io.talkmesh.devstack.faults;

import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Ports;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fault 1: {@code kill -9} of one of two talk-managers (each its own JVM) under steady load, then its restart. The
 * broker redelivers what the dead one had not acknowledged to the survivor, which answers a request the dead one had
 * already committed from the stored result; the outbox relay moves to the survivor.
 */
class TalkManagerKillIT {
  private static final int AGENTS = 8;

  @Test
  void killingATalkManagerMidLoadLosesNothingAndShowsNothingTwice() throws Exception {
    Stack stack = Verdict.freshStack("kill -9 talk-manager");
    Vertx client = Vertx.vertx();
    int[] managerPorts = {Ports.free(), Ports.free()};
    ServiceProcess first = ServiceProcess.start("talk-manager-0", ServiceProcess.TALK_MANAGER,
        managerEnv(stack, managerPorts[0]), managerPorts[0]);
    ServiceProcess second = ServiceProcess.start("talk-manager-1", ServiceProcess.TALK_MANAGER,
        managerEnv(stack, managerPorts[1]), managerPorts[1]);
    ServiceProcess restarted = null;
    try (stack; Traffic traffic = Traffic.setUp(client, stack.startGateway().startPush().httpPorts(), stack.wsPorts(),
        AGENTS)) {
      traffic.startSending();
      traffic.awaitAcknowledged(150, "load under way");

      first.kill();
      long killedAt = System.nanoTime();
      Duration ready = Verdict.awaitReady(List.of(stack.httpPort(), stack.wsPort(), managerPorts[1]),
          Verdict.RECOVERY_BOUND);
      traffic.awaitAcknowledged(traffic.acknowledgedCount() + 150, "load carried by the surviving talk-manager");

      long restartAt = System.nanoTime();
      restarted = ServiceProcess.start("talk-manager-0-restarted", ServiceProcess.TALK_MANAGER,
          managerEnv(stack, managerPorts[0]), managerPorts[0]);
      long restartMs = Verdict.millisSince(restartAt);
      traffic.awaitAcknowledged(traffic.acknowledgedCount() + 150, "load after the restart");

      Verdict verdict = Verdict.count("1 kill -9 talk-manager (1 of 2)", traffic, stack.env().get("TALK_PG_URI"),
          killedAt, ready).print();
      System.out.printf("FAULT 1: killed pid %d; restarted talk-manager ready in %d ms (JVM start, migrations checked,"
          + " consuming)%n", first.pid(), restartMs);
      verdict.assertPassed();
    } finally {
      for (ServiceProcess p : new ServiceProcess[] {restarted, second, first}) {
        if (p != null) {
          p.close();
        }
      }
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static Map<String, String> managerEnv(Stack stack, int healthPort) {
    Map<String, String> env = new HashMap<>(stack.env());
    env.put("TALK_MANAGER_HTTP_PORT", Integer.toString(healthPort));
    return env;
  }
}
