package io.talkmesh.common.error;

import io.vertx.core.json.DecodeException;
import java.util.concurrent.TimeoutException;

/** Turns any failure into a {@link TalkException}: the one place that decides what an unexpected error becomes. */
public final class Errors {
  private Errors() {
  }

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
    return TalkException.internal("INTERNAL", "internal error");
  }
}
