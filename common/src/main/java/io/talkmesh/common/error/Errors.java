package io.talkmesh.common.error;

import io.vertx.core.json.DecodeException;
import java.util.concurrent.TimeoutException;

/**
 * Turns any failure into the error the wire carries: the one mapping from a {@link Throwable} to a
 * {@link TalkException}, used where an RPC reply is encoded ({@code RpcResponse.error}), where a call's own failure
 * is decoded ({@code RpcClient}) and where the public services answer HTTP. A service with failures of its own kind
 * maps those first (talk-manager's {@code DatabaseErrors}) and leaves the rest to this.
 */
public final class Errors {
  private Errors() {
  }

  /**
   * A {@link TalkException} as it is; a timeout 504 UPSTREAM_TIMEOUT; malformed JSON 400 INVALID_JSON; anything else
   * 500 INTERNAL with the failure as its cause ({@link TalkException#unexpected}).
   */
  public static TalkException toTalk(Throwable err) {
    if (err instanceof TalkException talk) {
      return talk;
    }
    if (err instanceof TimeoutException) {
      return new TalkException(Status.DEADLINE_EXCEEDED, "UPSTREAM_TIMEOUT", "the service did not answer in time");
    }
    if (err instanceof DecodeException) {
      return TalkException.invalid("INVALID_JSON", "malformed JSON: %s", err.getMessage());
    }
    return TalkException.unexpected(err);
  }
}
