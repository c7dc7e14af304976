package io.talkmesh.bench.load;

import io.talkmesh.bench.measure.Progress;
import java.util.concurrent.atomic.AtomicInteger;

/** Prints the first few request failures of a run, so an error count always comes with an example. */
public final class ErrorSample {
  private static final AtomicInteger SHOWN = new AtomicInteger();

  private ErrorSample() {
  }

  public static void offer(Throwable error) {
    if (SHOWN.incrementAndGet() <= 5) {
      Progress.say("  request failed: %s", error.getMessage());
    }
  }
}
