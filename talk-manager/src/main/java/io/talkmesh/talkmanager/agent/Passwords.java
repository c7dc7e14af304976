package io.talkmesh.talkmanager.agent;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;

/** bcrypt hashing and verification, always on a worker thread (it is slow on purpose). */
public final class Passwords {
  private static final int COST = 10;
  /** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated. */
  public static final int MAX_BYTES = 72;
  /** Verified against when the username is unknown, so a miss costs as much time as a wrong password. */
  private static final class Dummy {
    // Computed on first use, which is inside executeBlocking: a bcrypt hash must never run on an event loop.
    static final String HASH = BCrypt.withDefaults().hashToString(COST, "not-a-password".toCharArray());
  }

  private final Vertx vertx;

  public Passwords(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<String> hash(String password) {
    return vertx.executeBlocking(() -> BCrypt.withDefaults().hashToString(COST, password.toCharArray()), false);
  }

  public Future<Boolean> verify(String password, String hash) {
    return vertx.executeBlocking(() -> {
      String against = hash == null ? Dummy.HASH : hash;
      if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
        return false;
      }
      return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), against.getBytes(StandardCharsets.UTF_8))
          .verified && hash != null;
    }, false);
  }
}
