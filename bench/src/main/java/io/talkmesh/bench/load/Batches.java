package io.talkmesh.bench.load;

import io.talkmesh.bench.measure.Progress;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/** Runs {@code n} asynchronous tasks with at most {@code concurrency} in flight, from a plain (non-Vert.x) thread. */
public final class Batches {
  private Batches() {
  }

  /** Results in task order; the first failure fails the whole batch once the tasks in flight are done. */
  @SuppressWarnings("unchecked")
  public static <T> List<T> run(String phase, int n, int concurrency, IntFunction<Future<T>> task) throws InterruptedException {
    Object[] results = new Object[n];
    Semaphore permits = new Semaphore(concurrency);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (Progress progress = new Progress(phase, java.time.Duration.ZERO)) {
      for (int i = 0; i < n && failure.get() == null; i++) {
        permits.acquire();
        int index = i;
        task.apply(i).onComplete(ar -> {
          if (ar.succeeded()) {
            results[index] = ar.result();
            progress.ok();
          } else {
            failure.compareAndSet(null, ar.cause());
            progress.error();
          }
          permits.release();
        });
      }
      if (!permits.tryAcquire(concurrency, 5, TimeUnit.MINUTES)) {
        throw new IllegalStateException(phase + ": tasks still running after 5 minutes");
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException(phase + " failed: " + failure.get().getMessage(), failure.get());
    }
    return new ArrayList<>(Arrays.asList((T[]) results));
  }
}
