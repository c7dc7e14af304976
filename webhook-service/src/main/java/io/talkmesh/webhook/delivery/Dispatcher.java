package io.talkmesh.webhook.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.talkmesh.webhook.endpoint.EndpointDirectory;
import io.talkmesh.webhook.endpoint.Target;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for every delivery a shard hands over, whether to POST it now, to hold it back, to retry it later or to
 * park it; one instance per verticle, touched on its event loop only.
 * <p>
 * Per target: at most {@code concurrency} POSTs in flight and {@code ratePerSecond} started per second; one chat's
 * deliveries one at a time, in the order the shard gave them (the broker keeps a shard's order, and a shard has one
 * active consumer). A failed delivery goes to the retry queue of its attempt's delay and starts the target's
 * <em>chain</em>: the ordered deliveries of that target that left memory for the retry queues and are not done yet.
 * With the failed one go the target's deliveries waiting in memory, and while a chain exists every later delivery
 * of the target follows it (into the retry queue of the chain's current delay, never a shorter one; the queues are
 * FIFO and expire at their head, so they come back in order). A chain member that comes back is taken into memory
 * only when every earlier member is back already; else it goes round again. So a failing target gets one probe per
 * delay (its chain's first member: a circuit breaker), a recovered one drains its chain in order at full speed, and
 * a dead target costs the shard one small publish per delivery and per delay: other targets never wait for it.
 * A slow target (more than {@code 2 × concurrency} deliveries waiting while its oldest POST has been in flight
 * over a second) starts a chain too, so it does not hold the shard's prefetch. The chain lives in this instance's
 * memory: if the instance dies the next active consumer starts without it and a later event of a chain's chat may
 * then arrive before an earlier retried one (receivers have {@code seq}).
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** What becomes of a delivery the dispatcher was given: the shard acks its message once it completes. */
  public interface Outlet {
    /** Republishes {@code delivery} into retry queue {@code level} with that expiration; completes when confirmed. */
    Future<Void> retry(int level, long expirationMs, Delivery delivery);

    /** Publishes {@code delivery} into the parked queue (and records it); completes when confirmed. */
    Future<Void> park(Delivery delivery, String reason);

    /** Records one attempt in the delivery log (best effort). */
    void log(Delivery delivery, Attempt attempt, String outcome, Long nextRetryMs);
  }

  private final Vertx vertx;
  private final EndpointDirectory directory;
  private final Deliverer deliverer;
  private final Outlet outlet;
  private final int concurrency;
  private final int ratePerSecond;
  private final List<Long> delays;
  private final long retryPeriodMs;
  private final Map<String, TargetState> targets = new HashMap<>();
  private final MeterRegistry meters;
  private final Timer postTime;
  private final Timer lag;

  public Dispatcher(Vertx vertx, EndpointDirectory directory, Deliverer deliverer, Outlet outlet, int concurrency,
                    int ratePerSecond, List<Long> delays, long retryPeriodMs, MeterRegistry meters) {
    this.vertx = vertx;
    this.directory = directory;
    this.deliverer = deliverer;
    this.outlet = outlet;
    this.concurrency = concurrency;
    this.ratePerSecond = ratePerSecond;
    this.delays = List.copyOf(delays);
    this.retryPeriodMs = retryPeriodMs;
    this.meters = meters;
    for (String outcome : List.of("delivered", "failed", "parked", "held", "gone")) {
      counter(outcome);
    }
    this.postTime = io.talkmesh.common.ops.Metrics.timer(meters, "talk.webhook.delivery",
        "POSTs to endpoints answered 2xx, by time taken");
    this.lag = io.talkmesh.common.ops.Metrics.timer(meters, "talk.webhook.lag",
        "from the event's commit to its delivery (2xx)");
  }

  /** One delivery taken from a shard; {@code done} completes when it was delivered, passed on or parked. */
  private record Job(Delivery delivery, io.vertx.core.Promise<Void> done, long arrival) {
  }

  /** The per-target state: what waits, what is in flight, the chain and the rate budget. */
  private final class TargetState {
    final String key;
    final Deque<Job> waiting = new ArrayDeque<>();
    final Set<String> chatsInFlight = new HashSet<>();
    /** The chain in the order the shard first gave its deliveries: arrival number → event id. */
    final TreeMap<Long, String> chain = new TreeMap<>();
    /** Arrival number of each chain member, and which are back in memory. */
    final Map<String, Long> arrival = new HashMap<>();
    final Set<String> back = new HashSet<>();
    long arrivals;
    /** When each POST in flight started (nanoTime), by event id. */
    final Map<String, Long> started = new HashMap<>();
    int chainLevel;
    int inFlight;
    double tokens;
    long refilledAt = System.nanoTime();
    boolean pumpScheduled;

    TargetState(String key) {
      this.key = key;
      this.tokens = ratePerSecond;
    }

    boolean take() {
      long now = System.nanoTime();
      tokens = Math.min(ratePerSecond, tokens + (now - refilledAt) / 1e9 * ratePerSecond);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }

  /** Takes one delivery; the returned future completes when its shard message may be acked. */
  public Future<Void> accept(Delivery delivery) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    TargetState state = targets.computeIfAbsent(delivery.key(), TargetState::new);
    String id = delivery.eventId();
    Long number = state.arrival.get(id);
    Job job = new Job(delivery, done, number != null ? number : state.arrivals++);
    if (number != null) {
      if (everyEarlierBack(state, number) && !slow(state)) {
        state.back.add(id);
        state.waiting.addLast(job); // its turn: into memory, behind the members back before it
      } else {
        divert(state, job, state.chainLevel); // an earlier member is still out: round again, behind it
        return done.future();
      }
    } else if (!state.chain.isEmpty() || slow(state)) {
      join(state, job);
      divert(state, job, state.chainLevel); // behind the chain (or a slow target): out of memory
      return done.future();
    } else {
      state.waiting.addLast(job);
    }
    pump(state);
    return done.future();
  }

  /** Makes {@code job} a chain member (out of memory), at its arrival place. */
  private static void join(TargetState state, Job job) {
    String id = job.delivery().eventId();
    state.chain.put(job.arrival(), id);
    state.arrival.put(id, job.arrival());
    state.back.remove(id);
  }

  private static boolean everyEarlierBack(TargetState state, long number) {
    for (String earlier : state.chain.headMap(number, false).values()) {
      if (!state.back.contains(earlier)) {
        return false;
      }
    }
    return true;
  }

  /** Too much waits for a target whose oldest POST in flight is over a second old. */
  private boolean slow(TargetState state) {
    if (state.waiting.size() < 2 * concurrency) {
      return false;
    }
    long now = System.nanoTime();
    return state.started.values().stream().anyMatch(t -> now - t > 1_000_000_000L);
  }

  /** Starts what may start now: within the target's concurrency and rate, one delivery per chat at a time. */
  private void pump(TargetState state) {
    Iterator<Job> it = state.waiting.iterator();
    Set<String> blockedChats = new HashSet<>();
    while (it.hasNext() && state.inFlight < concurrency) {
      Job job = it.next();
      String chat = job.delivery().chat() == null ? "" : job.delivery().chat();
      if (state.chatsInFlight.contains(chat) || blockedChats.contains(chat)) {
        blockedChats.add(chat);
        continue;
      }
      if (!state.take()) {
        schedulePump(state);
        return;
      }
      it.remove();
      state.inFlight++;
      state.chatsInFlight.add(chat);
      state.started.put(job.delivery().eventId(), System.nanoTime());
      attempt(state, job, chat);
    }
  }

  private void schedulePump(TargetState state) {
    if (!state.pumpScheduled) {
      state.pumpScheduled = true;
      vertx.setTimer(Math.max(1, 1000 / ratePerSecond), id -> {
        state.pumpScheduled = false;
        pump(state);
      });
    }
  }

  private void attempt(TargetState state, Job job, String chat) {
    Delivery delivery = job.delivery().attempted();
    directory.target(delivery.customerId(), delivery.key())
        .compose(target -> {
          if (target == null) {
            return Future.succeededFuture((Attempt) null);
          }
          return deliverer.post(target.url(), target.secret(), delivery.eventId(), delivery.eventType(),
              delivery.attempts(), delivery.body());
        })
        .onComplete(ar -> {
          state.inFlight--;
          state.chatsInFlight.remove(chat);
          state.started.remove(delivery.eventId());
          if (ar.failed()) {
            // talk-manager did not answer which endpoint this is: not the endpoint's fault, try again soon
            Attempt unknown = Attempt.failed("endpoint lookup failed: " + ar.cause().getMessage(), 0);
            failed(state, job, job.delivery(), unknown);
          } else if (ar.result() == null) {
            counter("gone").increment();
            LOG.debug("{}: target gone (deleted or disabled), {} dropped", delivery.key(), delivery.eventId());
            done(state, delivery.eventId());
            job.done().complete();
          } else if (ar.result().delivered()) {
            delivered(state, job, delivery, ar.result());
          } else {
            failed(state, job, delivery, ar.result());
          }
          pump(state);
        });
  }

  private void delivered(TargetState state, Job job, Delivery delivery, Attempt attempt) {
    counter("delivered").increment();
    postTime.record(Duration.ofMillis(attempt.millis()));
    lag.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - delivery.eventMs())));
    done(state, delivery.eventId());
    outlet.log(delivery, attempt, "delivered", null);
    job.done().complete();
  }

  /** A delivery is over (delivered, parked or its target gone): it leaves the chain. */
  private static void done(TargetState state, String eventId) {
    Long number = state.arrival.remove(eventId);
    if (number != null) {
      state.chain.remove(number);
    }
    state.back.remove(eventId);
    if (state.chain.isEmpty()) {
      state.chainLevel = 0;
    }
  }

  private void failed(TargetState state, Job job, Delivery delivery, Attempt attempt) {
    if (System.currentTimeMillis() - delivery.firstMs() >= retryPeriodMs) {
      counter("parked").increment();
      done(state, delivery.eventId());
      LOG.warn("{}: event {} parked after {} attempts ({})", delivery.key(), delivery.eventId(), delivery.attempts(),
          attempt.error());
      outlet.log(delivery, attempt, "parked", null);
      outlet.park(delivery, attempt.error()).onComplete(ar -> complete(job, ar));
      return;
    }
    counter("failed").increment();
    int level = Math.min(Math.max(delivery.attempts() - 1, 0), delays.size() - 1);
    state.chainLevel = Math.max(state.chainLevel, level);
    // out of memory, at its arrival place in the chain (which it may start), and everything waiting follows
    join(state, job);
    long wait = jittered(delays.get(level));
    outlet.log(delivery, attempt, "failed", System.currentTimeMillis() + wait);
    outlet.retry(level, wait, delivery).onComplete(ar -> complete(job, ar));
    List<Job> behind = new ArrayList<>(state.waiting);
    state.waiting.clear();
    for (Job next : behind) {
      join(state, next);
      divert(state, next, state.chainLevel);
    }
  }

  /** Sends a delivery out of memory behind the target's chain, with its attempts unchanged. */
  private void divert(TargetState state, Job job, int level) {
    counter("held").increment();
    outlet.retry(level, jittered(delays.get(level)), job.delivery()).onComplete(ar -> complete(job, ar));
  }

  private static void complete(Job job, io.vertx.core.AsyncResult<Void> ar) {
    if (ar.succeeded()) {
      job.done().complete();
    } else {
      job.done().fail(ar.cause());
    }
  }

  /** {@code ms} plus up to a fifth more, so that retries of many deliveries spread out. */
  private static long jittered(long ms) {
    return ms + ThreadLocalRandom.current().nextLong(ms / 5 + 1);
  }

  private Counter counter(String outcome) {
    return Counter.builder("talk.webhook.deliveries").description("deliveries by outcome: delivered (2xx), failed"
            + " (retried later), held (behind a retried one), parked (given up), gone (endpoint deleted)")
        .tag("outcome", outcome).register(meters);
  }

  /** Targets with deliveries in retry queues, and how many: for /stats and tests. */
  public Map<String, Integer> chains() {
    Map<String, Integer> out = new HashMap<>();
    targets.forEach((k, s) -> {
      if (!s.chain.isEmpty()) {
        out.put(k, s.chain.size());
      }
    });
    return out;
  }
}
