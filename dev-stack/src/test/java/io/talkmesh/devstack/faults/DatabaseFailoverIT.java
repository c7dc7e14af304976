package io.talkmesh.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Ports;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Database failover: kill -9 of the PostgreSQL primary under steady load, then promotion of its synchronous standby. The mesh
 * runs with TALK_PG_URI listing both servers, the standby first; talk-manager writes only to the server that is not in
 * recovery, so nothing reaches the standby before the promotion, and finds the promoted one by itself afterwards.
 * Every acknowledged send was committed on both servers (synchronous_commit=on, synchronous_standby_names set by
 * pg-up.sh), so every one is on the promoted standby. Skipped where PostgreSQL 15's binaries are absent.
 */
class DatabaseFailoverIT {
  private static final int AGENTS = 8;

  @Test
  void killingThePrimaryAndPromotingTheStandbyLosesNoAcknowledgedMessage() throws Exception {
    String unavailable = SyncStandbyPair.unavailable();
    if (unavailable != null) {
      System.out.println("DatabaseFailoverIT skipped: " + unavailable);
    }
    assumeTrue(unavailable == null, unavailable);
    long upAt = System.nanoTime();
    try (SyncStandbyPair pair = SyncStandbyPair.start()) {
      System.out.printf("primary 127.0.0.1:%d + synchronous standby 127.0.0.1:%d up in %d ms: %s%n", pair.primaryPort,
          pair.standbyPort, Verdict.millisSince(upAt), pair.replication());
      assertThat(pair.replication()).as("the standby streams synchronously").anyMatch(r -> r.endsWith("|streaming|sync"));

      Stack stack = Verdict.freshStack("kill -9 PostgreSQL primary, promote the synchronous standby");
      String database = "talk_failover";
      stack.env().put("TALK_PG_URI", pair.uri(database));
      int managerPort = Ports.free();
      stack.env().put("TALK_MANAGER_HTTP_PORT", Integer.toString(managerPort));
      Vertx client = Vertx.vertx();
      try (stack) {
        stack.startTalkManager().startGateway().startPush();
        try (Traffic traffic = Traffic.setUp(client, stack.httpPorts(), stack.wsPorts(), AGENTS)) {
          traffic.startSending();
          traffic.awaitAcknowledged(150, "load under way");
          List<Traffic.Outcome> beforeKill = traffic.outcomes();
          assertThat(beforeKill).as("sends before the kill, with the standby listed first in TALK_PG_URI")
              .allMatch(o -> o.status() == 200);

          SyncStandbyPair.Failover failover = pair.killPrimaryAndPromote();
          assertThat(SyncStandbyPair.inRecovery(pair.standbyPort)).as("standby promoted").isFalse();
          Duration ready = Verdict.awaitReady(List.of(stack.httpPort(), stack.wsPort(), managerPort),
              Verdict.RECOVERY_BOUND);
          traffic.awaitAcknowledged(traffic.acknowledgedCount() + 150, "load on the promoted standby");

          Verdict verdict = Verdict.countStoredAt("database failover (kill -9 PostgreSQL primary, standby promoted)", traffic,
              SyncStandbyPair.jdbcUrl(pair.standbyPort, database), failover.promotedAt(), ready).print();
          Recovery recovery = Recovery.of(traffic.outcomes(), failover);
          System.out.printf("FAULT database failover: killed postmaster %d; gone %d ms, standby promoted (pg_ctl promote -w returned)"
                  + " %d ms after the kill; %d sends acknowledged by the dying primary's backends after the kill (on the"
                  + " standby too); %d refused, from %d to %d ms after the kill; longest gap between acknowledgements"
                  + " %d ms%n", failover.pid(), failover.goneMs(), failover.promotedMs(), recovery.ackedByDyingPrimary,
              recovery.refused, recovery.firstRefusalMs, recovery.lastRefusalMs, recovery.longestGapMs);
          verdict.assertPassed();
        }
      } finally {
        client.close().await(10, TimeUnit.SECONDS);
      }
    }
  }

  /** What the clients saw of the failover, in ms after the kill (refusal times -1 when there was none). */
  private record Recovery(long ackedByDyingPrimary, long refused, long firstRefusalMs, long lastRefusalMs,
                          long longestGapMs) {
    static Recovery of(List<Traffic.Outcome> outcomes, SyncStandbyPair.Failover failover) {
      List<Traffic.Outcome> acked = outcomes.stream().filter(o -> o.status() == 200)
          .sorted(Comparator.comparingLong(Traffic.Outcome::endNanos)).toList();
      List<Traffic.Outcome> refused = outcomes.stream().filter(o -> o.status() != 200).toList();
      long gap = 0;
      for (int i = 1; i < acked.size(); i++) {
        gap = Math.max(gap, acked.get(i).endNanos() - acked.get(i - 1).endNanos());
      }
      long dying = acked.stream().filter(o -> o.startNanos() > failover.killedAt() && o.endNanos() < failover.goneAt())
          .count();
      long first = refused.stream().mapToLong(Traffic.Outcome::startNanos).min().orElse(failover.killedAt() - 1);
      long last = refused.stream().mapToLong(Traffic.Outcome::endNanos).max().orElse(failover.killedAt() - 1);
      return new Recovery(dying, refused.size(), ms(first - failover.killedAt()), ms(last - failover.killedAt()),
          ms(gap));
    }

    private static long ms(long nanos) {
      return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
  }
}
