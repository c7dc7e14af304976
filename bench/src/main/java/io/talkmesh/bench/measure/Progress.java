package io.talkmesh.bench.measure;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** Counts the outcome of a timed phase and prints a progress line every two seconds while it runs. */
public final class Progress implements AutoCloseable {
  private static final long START = System.nanoTime();

  private final String phase;
  private final long startNanos = System.nanoTime();
  private final Duration planned;
  private final LongAdder ok = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Thread ticker;
  private volatile Supplier<String> detail = () -> "";

  public Progress(String phase, Duration planned) {
    this.phase = phase;
    this.planned = planned;
    this.ticker = new Thread(this::tick, "bench-progress");
    ticker.setDaemon(true);
    ticker.start();
  }

  /** Prints one line prefixed with the time since the bench started. */
  public static void say(String format, Object... args) {
    long s = (System.nanoTime() - START) / 1_000_000_000L;
    System.out.printf("[%02d:%02d] %s%n", s / 60, s % 60, String.format(format, args));
    System.out.flush();
  }

  public void ok() {
    ok.increment();
  }

  public void error() {
    errors.increment();
  }

  public long oks() {
    return ok.sum();
  }

  public long errors() {
    return errors.sum();
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Extra text for the progress line, e.g. the current latency percentiles. */
  public Progress detail(Supplier<String> detail) {
    this.detail = detail;
    return this;
  }

  private void tick() {
    long last = 0;
    long lastNanos = startNanos;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(2000);
        long now = System.nanoTime();
        long done = ok.sum();
        double rate = (done - last) / ((now - lastNanos) / 1e9);
        say("  %-26s %5.0fs/%ds  ok %,d  err %,d  %,.0f/s  %s", phase, elapsedSeconds(), planned.toSeconds(), done,
            errors.sum(), rate, detail.get());
        last = done;
        lastNanos = now;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    ticker.interrupt();
  }
}
