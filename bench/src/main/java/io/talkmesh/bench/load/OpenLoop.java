package io.talkmesh.bench.load;

import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.Progress;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

/**
 * Requests at a fixed rate whatever the answers do (an open loop, like independent users). Latency runs from the
 * moment a request was due, not the moment it went out, so a stalled server is not hidden (no coordinated
 * omission). At most {@code maxInFlight} requests wait; a request due beyond that is counted as dropped.
 */
public final class OpenLoop {
  private OpenLoop() {
  }

  /** @param call (sequence number, due nanoTime) → the request's future */
  public static Outcome run(String phase, double ratePerSecond, Duration duration, int maxInFlight,
                            BiFunction<Long, Long, Future<?>> call) throws InterruptedException {
    Latency latency = new Latency();
    Semaphore inFlight = new Semaphore(maxInFlight);
    AtomicLong dropped = new AtomicLong();
    long interval = (long) (1e9 / ratePerSecond);
    try (Progress progress = new Progress(phase, duration).detail(latency::summary)) {
      long start = System.nanoTime();
      long total = (long) (ratePerSecond * duration.toNanos() / 1e9);
      for (long i = 0; i < total; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        if (!inFlight.tryAcquire()) {
          dropped.incrementAndGet();
          progress.error();
          continue;
        }
        Calls.invoke(call, i, due, latency, progress, inFlight::release);
      }
      if (!inFlight.tryAcquire(maxInFlight, 60, TimeUnit.SECONDS)) {
        Progress.say("  %s: some requests never answered", phase);
      }
      return new Outcome(progress.oks(), progress.errors(), progress.elapsedSeconds(), latency, dropped.get());
    }
  }
}
