package io.talkmesh.devstack.faults;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting with a deadline for a condition the test polls. */
final class Waits {
  private Waits() {
  }

  /** Waits until the condition holds; returns how long that took; fails naming {@code what} after the timeout. */
  static Duration until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(20);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
