package io.talkmesh.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.TestInfra;
import io.talkmesh.devstack.system.Stack;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The counts of one fault run, by message id: acknowledged (200), stored (rows read back with JDBC, past every
 * service), pushed (each participant's {@code chatmessage_created} frames), and how every refused request failed.
 * Printed as one line per fault, then asserted: nothing acknowledged is missing, every stored message reached every
 * participant once, refusals were 503/504 with the JSON error body within the RPC timeout, and the services
 * recovered within the bound.
 */
final class Verdict {
  /** How long after the fault clears every service must be ready again and sends must succeed (documented bound). */
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);
  /** The gateways' RPC timeout in these tests (TALK_RPC_TIMEOUT_MS) and the slack allowed on top of it. */
  static final long RPC_TIMEOUT_MS = 3000;
  static final long TIMEOUT_MARGIN_MS = 2000;
  /** How long, after the load stops, every participant has to receive every stored message. */
  static final Duration DELIVERY = Duration.ofSeconds(30);

  private final String fault;
  private final int sent;
  private final Set<String> acknowledged;
  private final Set<String> stored;
  private final Set<String> ackedMissing = new HashSet<>();
  private final Map<String, Integer> missingEvents = new LinkedHashMap<>();
  private final Map<String, List<String>> duplicates = new LinkedHashMap<>();
  private final Map<String, List<String>> anomalies = new LinkedHashMap<>();
  private final List<Traffic.Outcome> refusedInTime = new ArrayList<>();
  private final List<Traffic.Outcome> badFailures = new ArrayList<>();
  private final Map<String, Integer> closes = new LinkedHashMap<>();
  private final Duration failuresEndAfterClear;
  private final Duration readyAfterClear;
  private final Duration deliveredAfterStop;
  private int deliveries;
  private int reconnects;
  private long slowestRefusalMs;

  private Verdict(String fault, Traffic traffic, Set<String> stored, long clearedAtNanos, Duration readyAfterClear,
                  Duration deliveredAfterStop) {
    this.fault = fault;
    this.stored = stored;
    this.readyAfterClear = readyAfterClear;
    this.deliveredAfterStop = deliveredAfterStop;
    List<Traffic.Outcome> outcomes = traffic.outcomes();
    this.sent = outcomes.size();
    this.acknowledged = traffic.acknowledged();
    ackedMissing.addAll(acknowledged);
    ackedMissing.removeAll(stored);
    long lastFailureEnd = clearedAtNanos;
    for (Traffic.Outcome o : outcomes) {
      if (o.status() == 200) {
        continue;
      }
      lastFailureEnd = Math.max(lastFailureEnd, o.endNanos());
      if (refusedProperly(o)) {
        refusedInTime.add(o);
        slowestRefusalMs = Math.max(slowestRefusalMs, o.millis());
      } else {
        badFailures.add(o);
      }
    }
    failuresEndAfterClear = Duration.ofNanos(lastFailureEnd - clearedAtNanos);
    for (ResumingReceiver r : traffic.receivers()) {
      Set<String> got = r.messageIds();
      Set<String> missing = new HashSet<>(stored);
      missing.removeAll(got);
      missingEvents.put(r.name, missing.size());
      deliveries += got.size();
      if (!r.duplicates().isEmpty()) {
        duplicates.put(r.name, r.duplicates());
      }
      if (!r.anomalies().isEmpty()) {
        anomalies.put(r.name, r.anomalies());
      }
      reconnects += r.connections() - 1;
      r.closes().forEach((code, n) -> closes.merge(code, n, Integer::sum));
    }
  }

  /** A refusal as the contract wants it: 503 or 504, the JSON error body, within the RPC timeout plus a margin. */
  private static boolean refusedProperly(Traffic.Outcome o) {
    if (o.status() != 503 && o.status() != 504 || o.body() == null || o.millis() > RPC_TIMEOUT_MS + TIMEOUT_MARGIN_MS) {
      return false;
    }
    try {
      io.vertx.core.json.JsonObject error = new io.vertx.core.json.JsonObject(o.body()).getJsonObject("error");
      return error != null && error.getString("status") != null && error.getString("reason") != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Stops the load, reads the stored messages of the chat from the database behind {@code realPgUri}, waits (up to
   * {@link #DELIVERY}) until every receiver has them all, and counts.
   */
  static Verdict count(String fault, Traffic traffic, String realPgUri, long clearedAtNanos, Duration readyAfterClear)
      throws Exception {
    String database = URI.create(realPgUri).getPath().substring(1);
    return countStoredAt(fault, traffic, TestInfra.get().jdbcUrl(database), clearedAtNanos, readyAfterClear);
  }

  /** {@link #count}, reading the stored messages over this JDBC URL (a server the test started itself). */
  static Verdict countStoredAt(String fault, Traffic traffic, String jdbcUrl, long clearedAtNanos,
                               Duration readyAfterClear) throws Exception {
    traffic.stopSending();
    Set<String> stored = storedMessages(jdbcUrl, traffic.chatId());
    long start = System.nanoTime();
    long deadline = start + DELIVERY.toNanos();
    while (System.nanoTime() < deadline
        && !traffic.receivers().stream().allMatch(r -> r.messageIds().containsAll(stored))) {
      Thread.sleep(50);
    }
    return new Verdict(fault, traffic, stored, clearedAtNanos, readyAfterClear,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static Set<String> storedMessages(String jdbcUrl, String chatId) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
         PreparedStatement q = c.prepareStatement("SELECT id::text FROM talk_messages WHERE chat_id = ?::uuid")) {
      q.setString(1, chatId);
      try (ResultSet rows = q.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    return ids;
  }

  /**
   * A fresh stack for a fault run, nothing started: the gateways' RPC timeout is {@link #RPC_TIMEOUT_MS}, which the
   * verdict's bound on refusals counts with. Prints the infrastructure mode, so a run's log says what it ran on.
   */
  static Stack freshStack(String run) {
    System.out.println("infrastructure mode: " + TestInfra.get().mode() + " (" + run + ")");
    Stack stack = Stack.fresh();
    stack.env().put("TALK_RPC_TIMEOUT_MS", Long.toString(RPC_TIMEOUT_MS));
    return stack;
  }

  /** Waits until every {@code /health/ready} answers 200; returns how long that took. */
  static Duration awaitReady(List<Integer> healthPorts, Duration timeout) throws InterruptedException {
    return Waits.until(() -> healthPorts.stream().allMatch(ServiceProcess.Health::ready), timeout,
        "every service ready again (ports " + healthPorts + ")");
  }

  Verdict print() {
    int committedNotAcked = (int) stored.stream().filter(id -> !acknowledged.contains(id)).count();
    System.out.printf("FAULT %s: sent=%d acked=%d refused(503/504 in time, slowest %d ms)=%d other-failures=%d"
            + " | stored=%d acked-missing-from-db=%d committed-not-acked=%d | deliveries=%d (participants %d x stored)"
            + " missing-events=%d duplicates=%d seq-anomalies=%d reconnects=%d closes=%s"
            + " | ready %d ms after clear, failures end %d ms after clear, all delivered %d ms after load stopped%n",
        fault, sent, acknowledged.size(), slowestRefusalMs, refusedInTime.size(), badFailures.size(), stored.size(),
        ackedMissing.size(), committedNotAcked, deliveries, missingEvents.size(),
        missingEvents.values().stream().mapToInt(Integer::intValue).sum(),
        duplicates.values().stream().mapToInt(List::size).sum(),
        anomalies.values().stream().mapToInt(List::size).sum(), reconnects, closes,
        readyAfterClear.toMillis(), failuresEndAfterClear.toMillis(), deliveredAfterStop.toMillis());
    if (!badFailures.isEmpty()) {
      System.out.printf("FAULT %s: failures not answered 503/504 + error body within %d ms (first 5): %s%n", fault,
          RPC_TIMEOUT_MS + TIMEOUT_MARGIN_MS, badFailures.subList(0, Math.min(5, badFailures.size())));
    }
    return this;
  }

  /** Every pass criterion of the fault suite. */
  void assertPassed() {
    assertThat(acknowledged).as("%s: load ran (acknowledged sends)", fault).isNotEmpty();
    assertThat(ackedMissing).as("%s: acknowledged messages missing from the database", fault).isEmpty();
    assertThat(missingEvents.values().stream().mapToInt(Integer::intValue).sum())
        .as("%s: stored messages whose chatmessage_created a participant never received, by participant: %s",
            fault, missingEvents).isZero();
    assertThat(duplicates).as("%s: messages shown twice to a client", fault).isEmpty();
    assertThat(anomalies).as("%s: seq repeats, jumps, resets or errors seen by clients", fault).isEmpty();
    assertThat(badFailures).as("%s: failed sends not answered 503/504 with the JSON error body within %d ms",
        fault, RPC_TIMEOUT_MS + TIMEOUT_MARGIN_MS).isEmpty();
    assertThat(readyAfterClear).as("%s: every service ready again after the fault cleared", fault)
        .isLessThanOrEqualTo(RECOVERY_BOUND);
    assertThat(failuresEndAfterClear).as("%s: sends succeed again after the fault cleared", fault)
        .isLessThanOrEqualTo(RECOVERY_BOUND.plusMillis(RPC_TIMEOUT_MS));
  }

  static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
