package io.talkmesh.bench.load;

import io.talkmesh.bench.client.Deliveries;
import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.Progress;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * One sender pushes {@code messages} broadcasts, at most {@code window} unanswered at a time, each to be received by
 * {@code fanout} sockets: deliveries per second from the first send to the last receipt, and the latency of every
 * delivery from the moment its message was sent.
 */
public final class Burst {
  private Burst() {
  }

  /** @param send (stamp nanos) → the send request's future; the stamp goes into the broadcast frame */
  public static JsonObject run(String tag, Deliveries deliveries, int messages, int window, int fanout,
                               Duration timeout, Function<Long, Future<?>> send) throws InterruptedException {
    Latency latency = new Latency();
    LongAdder received = new LongAdder();
    AtomicLong last = new AtomicLong();
    long expected = (long) messages * fanout;
    deliveries.listen(tag, (sent, at) -> {
      latency.recordNanos(at - sent);
      received.increment();
      last.accumulateAndGet(at, Math::max);
    });
    Semaphore permits = new Semaphore(window);
    LongAdder failed = new LongAdder();
    long first = System.nanoTime();
    try (Progress progress = new Progress(tag, timeout).detail(() -> String.format("delivered %,d/%,d  %s",
        received.sum(), expected, latency.summary()))) {
      for (int i = 0; i < messages; i++) {
        permits.acquire();
        long stamp = System.nanoTime();
        send.apply(stamp).onComplete(ar -> {
          if (ar.succeeded()) {
            progress.ok();
          } else {
            failed.increment();
            progress.error();
            ErrorSample.offer(ar.cause());
          }
          permits.release();
        });
      }
      permits.tryAcquire(window, timeout.toSeconds(), TimeUnit.SECONDS);
      long deadline = first + timeout.toNanos();
      while (received.sum() < (messages - failed.sum()) * (long) fanout && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      deliveries.stop(tag);
    }
    double seconds = (Math.max(last.get(), first) - first) / 1e9;
    return new JsonObject().put("members", fanout).put("messages", messages).put("failed_sends", failed.sum())
        .put("expected", expected).put("received", received.sum()).put("seconds", Latency.round(seconds))
        .put("deliveries_per_second", Latency.round(seconds > 0 ? received.sum() / seconds : 0))
        .put("latency", latency.toJson());
  }
}
