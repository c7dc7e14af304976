package io.talkmesh.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Ports;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults 2, 2b and 3: a dependency of the services taken away for 10 s under steady load ({@link Outage}, one kind a
 * run), then given back. Gateways answer 503/504 meanwhile; every service recovers by itself within the bound;
 * nothing acknowledged is lost and every stored message reaches every participant once ({@link Verdict}).
 */
class OutageIT {
  private static final int AGENTS = 8;
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  @ParameterizedTest(name = "{0}")
  @EnumSource(Outage.class)
  void anOutageOf10sLosesNothingAndEveryServiceRecoversByItself(Outage outage) throws Exception {
    Stack stack = Verdict.freshStack("outage: " + outage.name());
    String realPg = stack.env().get("TALK_PG_URI");
    int managerPort = Ports.free();
    Vertx client = Vertx.vertx();
    try (Outage.Fault fault = outage.arrange(stack.env()); stack) {
      stack.env().put("TALK_MANAGER_HTTP_PORT", Integer.toString(managerPort));
      stack.startTalkManager().startGateway().startPush();
      try (Traffic traffic = Traffic.setUp(client, stack.httpPorts(), stack.wsPorts(), AGENTS)) {
        traffic.startSending();
        traffic.awaitAcknowledged(150, "load under way");

        fault.takeAway();
        long takenAt = System.nanoTime();
        Thread.sleep(OUTAGE.toMillis()); // the fault's duration, not a wait for an outcome
        int refusedDuringOutage = (int) traffic.outcomes().stream()
            .filter(o -> o.startNanos() >= takenAt && o.status() != 200).count();
        fault.giveBack();
        long givenBackAt = System.nanoTime();

        Duration ready = Verdict.awaitReady(List.of(stack.httpPort(), stack.wsPort(), managerPort),
            Verdict.RECOVERY_BOUND.plusSeconds(5));
        traffic.awaitAcknowledged(traffic.acknowledgedCount() + 150, "load after " + outage.dependency + " came back");

        Verdict verdict = Verdict.count(outage.verdict, traffic, realPg, givenBackAt, ready).print();
        assertThat(refusedDuringOutage).as(outage.felt).isPositive();
        verdict.assertPassed();
      }
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }
}
