package io.talkmesh.bench.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Routes every stamped frame any socket receives to the phase whose tag it carries; unknown tags are counted. */
public final class Deliveries {

  /** What a phase does with each of its frames, on the receiving socket's event loop. */
  @FunctionalInterface
  public interface Listener {
    void delivered(long sentNanos, long receivedNanos);
  }

  private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
  private final LongAdder stray = new LongAdder();

  public void listen(String tag, Listener listener) {
    listeners.put(tag, listener);
  }

  public void stop(String tag) {
    listeners.remove(tag);
  }

  /** Frames whose phase had already ended (late deliveries) or that carried no stamp of ours. */
  public long stray() {
    return stray.sum();
  }

  void onFrame(String frame) {
    long now = System.nanoTime();
    Marker.Stamp stamp = Marker.find(frame);
    Listener listener = stamp == null ? null : listeners.get(stamp.tag());
    if (listener == null) {
      stray.increment();
      return;
    }
    listener.delivered(stamp.nanos(), now);
  }
}
