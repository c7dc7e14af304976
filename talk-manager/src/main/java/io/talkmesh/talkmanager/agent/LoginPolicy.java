package io.talkmesh.talkmanager.agent;

/**
 * Brute-force protection of login: after {@code maxPerUsername} failures for a username, or
 * {@code maxPerAddress} from one client address, within {@code windowSeconds}, login answers 429 until the window
 * has passed ({@code TALK_LOGIN_MAX_FAILURES}, {@code TALK_LOGIN_MAX_FAILURES_PER_ADDRESS},
 * {@code TALK_LOGIN_WINDOW_SECONDS}). A successful login clears the username's failures.
 */
public record LoginPolicy(int maxPerUsername, int maxPerAddress, int windowSeconds) {
  public static final LoginPolicy DEFAULT = new LoginPolicy(5, 20, 900);
}
