package io.talkmesh.bench.client;

/**
 * The stamp the bench puts into a message text so that whoever receives the pushed frame knows which phase sent it
 * and when: {@code @@bench/<tag>/<nanoTime>@@}. Found with a substring search, so receiving a frame costs the bench
 * no JSON parsing.
 */
public final class Marker {
  private static final String OPEN = "@@bench/";
  private static final String CLOSE = "@@";

  private Marker() {
  }

  public static String stamp(String tag, long nanos) {
    return OPEN + tag + "/" + nanos + CLOSE;
  }

  /** What a stamp in {@code frame} says, or null when there is none. */
  public static Stamp find(String frame) {
    int start = frame.indexOf(OPEN);
    if (start < 0) {
      return null;
    }
    int tagStart = start + OPEN.length();
    int slash = frame.indexOf('/', tagStart);
    int end = slash < 0 ? -1 : frame.indexOf(CLOSE, slash);
    if (end < 0) {
      return null;
    }
    try {
      return new Stamp(frame.substring(tagStart, slash), Long.parseLong(frame.substring(slash + 1, end)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A phase tag and the {@link System#nanoTime()} at which its message was meant to be sent. */
  public record Stamp(String tag, long nanos) {
  }
}
