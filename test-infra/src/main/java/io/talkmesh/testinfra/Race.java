package io.talkmesh.testinfra;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Starts one blocking call on several threads at the same moment, for tests of what racing requests do. */
public final class Race {
  private static final long TIMEOUT_SECONDS = 60;

  private Race() {
  }

  /** The answers of {@code n} calls released together, in the order the threads were started. */
  public static <T> List<T> of(int n, Callable<T> call) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> pending = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        pending.add(threads.submit(() -> {
          start.await();
          return call.call();
        }));
      }
      start.countDown();
      List<T> answers = new ArrayList<>();
      for (Future<T> answer : pending) {
        answers.add(answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      threads.shutdownNow();
    }
  }
}
