package io.talkmesh.talkmanager.presence;

import io.talkmesh.common.config.Env;

/**
 * How presence turns offline (docs/websocket.md, "Presence").
 *
 * @param graceMs {@code TALK_PRESENCE_GRACE_MS} (3000): an agent whose last session closed stays online this long, so
 *                a page reload or a reconnect to another instance does not flap it offline and back
 * @param sweepMs {@code TALK_PRESENCE_SWEEP_MS} (1000): how often each talk-manager expires the push instances that
 *                stopped renewing and turns offline the agents whose grace is over
 */
public record PresencePolicy(long graceMs, long sweepMs) {
  public static final PresencePolicy DEFAULT = new PresencePolicy(3000, 1000);

  public PresencePolicy {
    if (graceMs < 0 || sweepMs < 50) {
      throw new IllegalArgumentException("presence grace must be >= 0 ms and the sweep >= 50 ms");
    }
  }

  public static PresencePolicy from(Env env) {
    return new PresencePolicy(nonNegative(env, "TALK_PRESENCE_GRACE_MS", (int) DEFAULT.graceMs()),
        env.positive("TALK_PRESENCE_SWEEP_MS", (int) DEFAULT.sweepMs()));
  }

  private static int nonNegative(Env env, String name, int defaultValue) {
    int value = env.integer(name, defaultValue);
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, not " + value);
    }
    return value;
  }
}
