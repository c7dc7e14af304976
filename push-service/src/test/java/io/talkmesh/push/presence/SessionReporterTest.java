package io.talkmesh.push.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.request.presence.ReportSessions;
import io.talkmesh.common.request.presence.SessionsReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an instance tells talk-manager and when: the whole set first and after a failure or a resync, then only the
 * changes, each change once, on a real Vert.x timer. The answers are scripted; talk-manager's side has its own ITs.
 */
class SessionReporterTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<ReportSessions> sent = new ArrayList<>();
  private final List<Supplier<Future<SessionsReply>>> answers = new ArrayList<>();
  private final Set<UUID> held = new LinkedHashSet<>();
  /** Heartbeats far apart: each report below is caused by a change, not by a heartbeat. */
  private final SessionReporter reporter = new SessionReporter(vertx, new PresenceTiming(60_000, 20, 1000),
      this::answer, () -> held);

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private Future<SessionsReply> answer(ReportSessions report) {
    sent.add(report);
    return answers.isEmpty() ? Future.succeededFuture(new SessionsReply(false, 0)) : answers.remove(0).get();
  }

  @Test
  void theWholeSetFirstThenOnlyTheChangesCollectedOverTheFlushInterval() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID c = UUID.randomUUID();
    onLoop(reporter::start);
    awaitReports(1);
    assertThat(sent.get(0).full()).isTrue();
    assertThat(sent.get(0).online()).isEmpty();
    assertThat(sent.get(0).ttlMs()).isEqualTo(180_000);
    onLoop(() -> {
      arrive(a);
      arrive(b);
      arrive(c);
      leave(c); // a reload within the interval: no change at all
    });
    awaitReports(2);
    assertThat(sent.get(1).full()).isFalse();
    assertThat(sent.get(1).online()).containsExactly(a, b);
    assertThat(sent.get(1).offline()).isEmpty();
    onLoop(() -> leave(a));
    awaitReports(3);
    assertThat(sent.get(2).online()).isEmpty();
    assertThat(sent.get(2).offline()).containsExactly(a);
    assertThat(sent.stream().map(ReportSessions::id).distinct()).containsExactly(reporter.instance());
  }

  @Test
  void afterAFailureTheNextReportIsTheWholeSet() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    onLoop(reporter::start);
    awaitReports(1);
    answers.add(() -> Future.failedFuture("talk-manager unreachable"));
    onLoop(() -> arrive(a));
    awaitReports(2);
    onLoop(() -> arrive(b));
    awaitReports(3);
    assertThat(sent.get(2).full()).as("the failed report may or may not have been applied").isTrue();
    assertThat(sent.get(2).online()).containsExactlyInAnyOrder(a, b);
    assertThat(reporter.failures()).isEqualTo(1);
  }

  @Test
  void aResyncIsAnsweredAtOnceWithTheWholeSet() throws Exception {
    UUID a = UUID.randomUUID();
    onLoop(reporter::start);
    awaitReports(1);
    answers.add(() -> Future.succeededFuture(new SessionsReply(true, 0)));
    onLoop(() -> arrive(a));
    awaitReports(3);
    assertThat(sent.get(1).full()).isFalse();
    assertThat(sent.get(2).full()).isTrue();
    assertThat(sent.get(2).online()).containsExactly(a);
  }

  @Test
  void oneReportIsInFlightAtATime() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    onLoop(reporter::start);
    awaitReports(1);
    Promise<SessionsReply> slow = Promise.promise();
    answers.add(slow::future);
    onLoop(() -> arrive(a));
    awaitReports(2);
    onLoop(() -> arrive(b));
    Thread.sleep(200);
    assertThat(sent).as("b waits for the report in flight").hasSize(2);
    onLoop(() -> slow.complete(new SessionsReply(false, 1)));
    awaitReports(3);
    assertThat(sent.get(2).online()).containsExactly(b);
  }

  @Test
  void stoppingReportsAnEmptySet() throws Exception {
    onLoop(reporter::start);
    awaitReports(1);
    onLoop(() -> arrive(UUID.randomUUID()));
    awaitReports(2);
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    vertx.runOnContext(v -> reporter.stop().onComplete(ar -> stopped.complete(null)));
    stopped.get(5, TimeUnit.SECONDS);
    ReportSessions last = sent.get(sent.size() - 1);
    assertThat(last.full()).isTrue();
    assertThat(last.online()).isEmpty();
  }

  private void arrive(UUID agent) {
    held.add(agent);
    reporter.arrived(agent);
  }

  private void leave(UUID agent) {
    held.remove(agent);
    reporter.left(agent);
  }

  private void onLoop(Runnable action) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      action.run();
      done.complete(null);
    });
    done.get(5, TimeUnit.SECONDS);
  }

  private void awaitReports(int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      CompletableFuture<Integer> size = new CompletableFuture<>();
      vertx.runOnContext(v -> size.complete(sent.size()));
      if (size.get(5, TimeUnit.SECONDS) >= n) {
        return;
      }
      assertThat(System.nanoTime()).as("%d reports within 5 s; sent %s", n, sent).isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
