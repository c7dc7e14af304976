package io.talkmesh.bench.load;

import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.Progress;
import io.vertx.core.Future;
import java.util.function.BiFunction;

/** One request of a load loop: made (a throw counts as a failure), then counted and timed from {@code since}. */
final class Calls {
  private Calls() {
  }

  static <K> void invoke(BiFunction<K, Long, Future<?>> call, K key, long since, Latency latency, Progress progress,
                         Runnable then) {
    Future<?> f;
    try {
      f = call.apply(key, since);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      if (ar.succeeded()) {
        latency.since(since);
        progress.ok();
      } else {
        progress.error();
        ErrorSample.offer(ar.cause());
      }
      then.run();
    });
  }
}
