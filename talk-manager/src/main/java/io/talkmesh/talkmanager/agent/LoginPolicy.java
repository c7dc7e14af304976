package io.talkmesh.talkmanager.agent;

import io.talkmesh.common.config.Env;

/**
 * Brute-force protection of login that slows the guesser, not his victim. Failed logins are counted per
 * (username, client address) and per client address, over the last {@code windowSeconds}. Past
 * {@code maxPerUsernameAndAddress} failures for a pair, or {@code maxPerAddress} from an address, that pair or address
 * must wait before its next attempt: {@code backoffSeconds} after the last failure, doubling with every further
 * failure, at most {@code windowSeconds}; meanwhile login answers 429 with {@code Retry-After}. A username is never
 * locked as such: its owner logging in from an address without failures is not slowed by anyone else's guesses.
 * A successful login clears the failures of its (username, address) pair.
 *
 * <p>Variables: {@code TALK_LOGIN_MAX_FAILURES} (5), {@code TALK_LOGIN_MAX_FAILURES_PER_ADDRESS} (20),
 * {@code TALK_LOGIN_WINDOW_SECONDS} (900), {@code TALK_LOGIN_BACKOFF_SECONDS} (2). The client address is the one
 * the gateway names ({@code TALK_TRUSTED_PROXIES} there).
 */
public record LoginPolicy(int maxPerUsernameAndAddress, int maxPerAddress, int windowSeconds, int backoffSeconds) {
  public static final LoginPolicy DEFAULT = new LoginPolicy(5, 20, 900, 2);

  public static LoginPolicy from(Env env) {
    return new LoginPolicy(env.positive("TALK_LOGIN_MAX_FAILURES", 5),
        env.positive("TALK_LOGIN_MAX_FAILURES_PER_ADDRESS", 20), env.positive("TALK_LOGIN_WINDOW_SECONDS", 900),
        env.positive("TALK_LOGIN_BACKOFF_SECONDS", 2));
  }

  /**
   * Seconds to wait before the next attempt (0: go ahead), after {@code failures} failures within the window, the
   * last one {@code secondsSinceLast} ago, when {@code free} failures are allowed without delay.
   */
  long waitSeconds(long failures, double secondsSinceLast, int free) {
    if (failures < free) {
      return 0;
    }
    double delay = Math.min(windowSeconds, backoffSeconds * Math.pow(2, Math.min(40, failures - free)));
    return Math.max(0, (long) Math.ceil(delay - secondsSinceLast));
  }
}
