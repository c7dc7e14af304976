package io.talkmesh.push.session;

import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.auth.Tokens;
import io.talkmesh.common.error.ErrorBody;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.push.subscription.ClientFrame;
import io.talkmesh.push.subscription.Subscriptions;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1.0/ws}: authenticates the token (header, {@code ?token=} or cookie) before the upgrade — no or a bad
 * token is an HTTP 401 with the JSON error body and no WebSocket — then opens a {@link Session}.
 */
public final class WebSocketEndpoint implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);

  private final Jwt jwt;
  private final Sessions sessions;
  private final Subscriptions subscriptions;
  private final Resume resume;
  private final int maxQueue;
  private final int maxQueueBytes;

  private int framesPerSecond = 20;

  /** Client frames allowed per connection and second (bursts of twice that); the rest get RATE_LIMITED. */
  public WebSocketEndpoint framesPerSecond(int framesPerSecond) {
    this.framesPerSecond = framesPerSecond;
    return this;
  }

  public WebSocketEndpoint(Jwt jwt, Sessions sessions, Subscriptions subscriptions, Resume resume, int maxQueue,
                           int maxQueueBytes) {
    this.jwt = jwt;
    this.sessions = sessions;
    this.subscriptions = subscriptions;
    this.resume = resume;
    this.maxQueue = maxQueue;
    this.maxQueueBytes = maxQueueBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Optional<String> token = Tokens.find(request);
    if (token.isEmpty()) {
      refuse(ctx, 401, TalkException.unauthenticated("AUTHENTICATION_REQUIRED", "a token is required"));
      return;
    }
    // the upgrade happens after an asynchronous step: pause so no frame is lost meanwhile (HttpServerRequest docs)
    request.pause();
    jwt.verify(token.get())
        .onSuccess(actor -> {
          if (request.canUpgradeToWebSocket()) {
            request.toWebSocket()
                .onSuccess(socket -> open(actor, socket))
                .onFailure(err -> LOG.warn("upgrade failed: {}", err.toString()));
          } else {
            request.resume();
            refuse(ctx, 400, TalkException.invalid("WEBSOCKET_REQUIRED", "this endpoint only accepts WebSocket upgrades"));
          }
        })
        .onFailure(err -> {
          request.resume();
          refuse(ctx, 401, err instanceof TalkException t ? t
              : TalkException.unauthenticated("INVALID_TOKEN", "the token is invalid or expired"));
        });
  }

  private void open(Actor actor, ServerWebSocket socket) {
    socket.setWriteQueueMaxSize(maxQueueBytes);
    Session session = new Session(actor, socket, maxQueue, sessions.closes(), resume);
    sessions.add(session);
    FrameBudget budget = new FrameBudget(framesPerSecond, System.nanoTime());
    socket.textMessageHandler(text -> {
      session.touched();
      if (budget.take(System.nanoTime())) {
        subscriptions.onFrame(session, text);
      } else if (budget.firstRefusal()) {
        session.send(PushFrames.error(TalkException.exhausted("RATE_LIMITED", 1,
            "more than %d frames a second: frames are dropped until the rate falls", framesPerSecond)));
      }
    });
    socket.pongHandler(data -> session.touched());
    socket.binaryMessageHandler(data -> session.send(PushFrames.error(
        TalkException.invalid(ClientFrame.INVALID_FRAME, "frames must be JSON text frames"))));
    socket.exceptionHandler(err -> LOG.debug("socket of agent {} failed: {}", actor.ownerId(), err.getMessage()));
    socket.closeHandler(v -> {
      session.closed();
      sessions.remove(session);
      subscriptions.closed(session);
    });
  }

  private static void refuse(RoutingContext ctx, int status, TalkException error) {
    String requestId = Optional.ofNullable(ctx.request().getHeader("X-Request-Id")).orElse(UUID.randomUUID().toString());
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("X-Request-Id", requestId)
        .end(ErrorBody.of(error, requestId).encode());
  }
}
