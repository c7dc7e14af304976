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
 * Fault 3: talk-manager's database connections cut for 10 s under steady load (a TCP proxy in front of PostgreSQL
 * drops them all and refuses new ones). Nothing is acknowledged that was not committed; the pool and the outbox
 * relay's NOTIFY listener reconnect by themselves. Requests meanwhile fail fast with 503 DATABASE_UNAVAILABLE (this
 * test found them answered 500 INTERNAL before {@code Database.classify} mapped lost and refused connections).
 */
class DatabaseCutIT {
  private static final int AGENTS = 8;

  @Test
  void cuttingTheDatabaseFor10sLosesNothingAndTalkManagerRecoversByItself() throws Exception {
    System.out.println("infrastructure mode: " + TestInfra.get().mode());
    Stack stack = Stack.fresh();
    String realPg = stack.env().get("TALK_PG_URI");
    URI database = URI.create(realPg);
    int managerPort = ServiceProcess.freePort();
    Vertx client = Vertx.vertx();
    try (TcpProxy proxy = TcpProxy.start(database.getHost(), database.getPort()); stack) {
      stack.env().put("TALK_PG_URI", BrokerCutIT.throughProxy(database, proxy));
      stack.env().put("TALK_MANAGER_HTTP_PORT", Integer.toString(managerPort));
      stack.env().put("TALK_RPC_TIMEOUT_MS", Long.toString(Verdict.RPC_TIMEOUT_MS));
      stack.startTalkManager().startGateway().startPush();
      try (Traffic traffic = Traffic.setUp(client, stack.httpPorts(), stack.wsPorts(), AGENTS)) {
        traffic.startSending();
        Waits.until(() -> traffic.acknowledgedCount() >= 150, Duration.ofSeconds(30), "load under way");

        proxy.cut();
        long cutAt = System.nanoTime();
        Thread.sleep(BrokerCutIT.OUTAGE.toMillis()); // the fault's duration, not a wait for an outcome
        int refusedDuringOutage = (int) traffic.outcomes().stream()
            .filter(o -> o.startNanos() >= cutAt && o.status() != 200).count();
        proxy.restore();
        long restoredAt = System.nanoTime();

        Duration ready = Verdict.awaitReady(List.of(stack.httpPort(), stack.wsPort(), managerPort),
            Verdict.RECOVERY_BOUND.plusSeconds(5));
        long ackedAtRecovery = traffic.acknowledgedCount();
        Waits.until(() -> traffic.acknowledgedCount() >= ackedAtRecovery + 150, Duration.ofSeconds(30),
            "load after the database came back");

        Verdict verdict = Verdict.count("3 database connection cut 10 s", traffic, realPg, restoredAt, ready).print();
        assertThat(refusedDuringOutage).as("sends refused during the outage (the cut was felt)").isPositive();
        verdict.assertPassed();
      }
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }
}
