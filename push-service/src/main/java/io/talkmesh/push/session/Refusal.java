package io.talkmesh.push.session;

import io.talkmesh.common.error.HttpAnswer;
import io.talkmesh.common.error.TalkException;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;

/**
 * How push-service answers an HTTP request with an error (an upgrade it refuses, an unknown route, a failed probe):
 * the error's {@link HttpAnswer}, with the caller's {@code X-Request-Id} echoed (one made up when it sent none).
 * On an open WebSocket errors are frames instead ({@link io.talkmesh.common.push.PushFrames#error}).
 */
public final class Refusal {
  private Refusal() {
  }

  public static void send(RoutingContext ctx, TalkException error) {
    send(ctx, HttpAnswer.of(error));
  }

  public static void send(RoutingContext ctx, HttpAnswer answer) {
    String requestId = Optional.ofNullable(ctx.request().getHeader("X-Request-Id")).orElse(UUID.randomUUID().toString());
    ctx.response().putHeader("X-Request-Id", requestId);
    answer.send(ctx.response(), requestId);
  }
}
