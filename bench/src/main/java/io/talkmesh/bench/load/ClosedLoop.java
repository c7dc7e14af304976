package io.talkmesh.bench.load;

import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.Progress;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * {@code workers} callers, each sending its next request as soon as the previous one answered, for a fixed time:
 * the maximum throughput at that concurrency. Latency is request start to response.
 */
public final class ClosedLoop {
  private ClosedLoop() {
  }

  /**
   * @param call (worker, startNanos) → the request's future
   * @return the outcome: successes, errors and latency over the measured window
   */
  public static Outcome run(String phase, int workers, Duration duration, BiFunction<Integer, Long, Future<?>> call)
      throws InterruptedException {
    Latency latency = new Latency();
    CountDownLatch done = new CountDownLatch(workers);
    try (Progress progress = new Progress(phase, duration).detail(latency::summary)) {
      long deadline = System.nanoTime() + duration.toNanos();
      for (int w = 0; w < workers; w++) {
        loop(w, deadline, call, latency, progress, done);
      }
      if (!done.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
        Progress.say("  %s: some requests never answered", phase);
      }
      return new Outcome(progress.oks(), progress.errors(), progress.elapsedSeconds(), latency, 0);
    }
  }

  private static void loop(int worker, long deadline, BiFunction<Integer, Long, Future<?>> call, Latency latency,
                           Progress progress, CountDownLatch done) {
    long start = System.nanoTime();
    if (start >= deadline) {
      done.countDown();
      return;
    }
    Calls.invoke(call, worker, start, latency, progress, () -> loop(worker, deadline, call, latency, progress, done));
  }
}
