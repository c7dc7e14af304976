package io.talkmesh.push.presence;

import io.talkmesh.common.config.Env;

/**
 * push-service's presence timing (docs/websocket.md, "Presence").
 *
 * @param heartbeatMs {@code TALK_PUSH_PRESENCE_HEARTBEAT_MS} (5000): how often the instance renews itself with
 *                    talk-manager; it is held alive for {@link #ttlMs()}, three heartbeats, so an instance killed
 *                    with -9 leaves its agents online for at most that (plus talk-manager's sweep and grace)
 * @param flushMs     {@code TALK_PUSH_PRESENCE_FLUSH_MS} (250): how long the sessions opened and closed here are
 *                    collected into one report (a reconnect within it costs nothing)
 * @param frameMs     {@code TALK_PUSH_PRESENCE_FRAME_MS} (1000): a subscriber receives at most one presence frame
 *                    per this interval, carrying every change of it (per agent, the newest)
 */
public record PresenceTiming(long heartbeatMs, long flushMs, long frameMs) {
  public static final PresenceTiming DEFAULT = new PresenceTiming(5000, 250, 1000);

  public PresenceTiming {
    if (heartbeatMs < 100 || flushMs < 10 || frameMs < 50) {
      throw new IllegalArgumentException("presence timing too short: heartbeat >= 100 ms, flush >= 10, frame >= 50");
    }
  }

  /** How long talk-manager keeps the instance alive after a report: three heartbeats. */
  public long ttlMs() {
    return 3 * heartbeatMs;
  }

  public static PresenceTiming from(Env env) {
    return new PresenceTiming(env.positive("TALK_PUSH_PRESENCE_HEARTBEAT_MS", (int) DEFAULT.heartbeatMs()),
        env.positive("TALK_PUSH_PRESENCE_FLUSH_MS", (int) DEFAULT.flushMs()),
        env.positive("TALK_PUSH_PRESENCE_FRAME_MS", (int) DEFAULT.frameMs()));
  }
}
