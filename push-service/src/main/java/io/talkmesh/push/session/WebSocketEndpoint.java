package io.talkmesh.push.session;

import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.push.subscription.ClientFrame;
import io.talkmesh.push.subscription.Subscriptions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1.0/ws} and {@code GET /v1.0/service_agents/ws} (VoIPBIN's path, same protocol): authenticates the
 * token ({@link Handshake}: subprotocol {@code bearer.<JWT>}, header, {@code ?token=} or cookie) before the upgrade
 * — no or a bad token is an HTTP 401 with the JSON error body and no WebSocket, an agent with no role bit
 * (permission 0, as its access state says now) 403 PERMISSION_DENIED, a revoked token 401 TOKEN_REVOKED, a cookie-borne
 * upgrade from a foreign Origin 403, an agent already at its session cap 429, an unknown {@code ?events=} 400 — then
 * opens a {@link Session}, which is closed with 4001 when its token expires. {@code ?events=talks} opts the session in
 * to the talks API's frames (docs/websocket.md).
 */
public final class WebSocketEndpoint implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);
  /** The subprotocol the server selects when a client offers it (beside {@code bearer.<JWT>}). */
  public static final String SUBPROTOCOL = Handshake.SUBPROTOCOL;
  /** Where it is served: talk-mesh's path and the one VoIPBIN's clients open ({@code deploy/} routes both). */
  public static final List<String> PATHS = List.of("/v1.0/ws", "/v1.0/service_agents/ws");

  private final Jwt jwt;
  private final io.talkmesh.common.auth.AgentAccess access;
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

  public WebSocketEndpoint(Jwt jwt, io.talkmesh.common.auth.AgentAccess access, Sessions sessions,
                           Subscriptions subscriptions, Resume resume, int maxQueue, int maxQueueBytes) {
    this.jwt = jwt;
    this.access = access;
    this.sessions = sessions;
    this.subscriptions = subscriptions;
    this.resume = resume;
    this.maxQueue = maxQueue;
    this.maxQueueBytes = maxQueueBytes;
  }

  private int maxSessionsPerAgent = 20;
  private List<String> allowedOrigins = List.of();
  /** Upgrades authenticated but not yet open, per agent: they count against the per-agent session cap. */
  private final Map<UUID, Integer> opening = new HashMap<>();

  /** Open sessions one agent may have on this instance ({@code TALK_WS_MAX_SESSIONS_PER_AGENT}). */
  public WebSocketEndpoint maxSessionsPerAgent(int maxSessionsPerAgent) {
    this.maxSessionsPerAgent = maxSessionsPerAgent;
    return this;
  }

  /** Origins besides the request's own host allowed to open a cookie-authenticated session ({@code TALK_CORS_ORIGINS}). */
  public WebSocketEndpoint allowedOrigins(List<String> allowedOrigins) {
    this.allowedOrigins = List.copyOf(allowedOrigins);
    return this;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Optional<Handshake.Credential> credential = Handshake.credential(request);
    if (credential.isEmpty()) {
      Refusal.send(ctx, TalkException.unauthenticated("AUTHENTICATION_REQUIRED", "a token is required"));
      return;
    }
    // the upgrade happens after an asynchronous step: pause so no frame is lost meanwhile (HttpServerRequest docs)
    request.pause();
    jwt.authenticate(credential.get().token())
        .compose(verified -> access.admit(verified).map(current -> new Jwt.Verified(current, verified.expiresAt(),
            verified.issuedAtMs())))
        .onSuccess(verified -> {
          Actor actor = verified.actor();
          long lifetimeMs = verified.expiresAt().toEpochMilli() - System.currentTimeMillis();
          if (lifetimeMs <= 0) {
            request.resume();
            Refusal.send(ctx, TalkException.unauthenticated("INVALID_TOKEN", "the token is invalid or expired"));
          } else if (!Permission.anyRole(actor.permission())) {
            request.resume();
            Refusal.send(ctx, TalkException.denied("PERMISSION_DENIED", "this agent has no role (permission %d)",
                actor.permission()));
          } else if (credential.get().source() == Handshake.Source.COOKIE
              && !Handshake.originAllowed(request, allowedOrigins)) {
            // a cookie is sent by the browser on its own, from any page: only the upgrade's Origin tells who asks
            request.resume();
            Refusal.send(ctx, TalkException.denied("ORIGIN_NOT_ALLOWED",
                "a WebSocket authenticated by the token cookie must come from this host or an allowed origin"));
          } else if (Handshake.talksEvents(request).isEmpty()) {
            request.resume();
            Refusal.send(ctx, TalkException.invalid("INVALID_EVENTS",
                "events must be 'talks' (the talks API's event names) or absent"));
          } else if (!request.canUpgradeToWebSocket()) {
            request.resume();
            Refusal.send(ctx, TalkException.invalid("WEBSOCKET_REQUIRED", "this endpoint only accepts WebSocket upgrades"));
          } else if (sessions.ofAgent(actor.ownerId()) + opening.getOrDefault(actor.ownerId(), 0) >= maxSessionsPerAgent) {
            request.resume();
            Refusal.send(ctx, TalkException.exhausted("TOO_MANY_SESSIONS", 10,
                "at most %d WebSocket sessions per agent on one instance: close one first", maxSessionsPerAgent));
          } else {
            opening.merge(actor.ownerId(), 1, Integer::sum);
            request.toWebSocket()
                .onComplete(ar -> opening.computeIfPresent(actor.ownerId(), (id, n) -> n > 1 ? n - 1 : null))
                .onSuccess(socket -> open(ctx.vertx(), actor, verified.issuedAtMs(), lifetimeMs, socket,
                    Handshake.talksEvents(request).orElse(false)))
                .onFailure(err -> LOG.warn("upgrade failed: {}", err.toString()));
          }
        })
        .onFailure(err -> {
          request.resume();
          Refusal.send(ctx, err instanceof TalkException t ? t
              : TalkException.unauthenticated("INVALID_TOKEN", "the token is invalid or expired"));
        });
  }

  private void open(Vertx vertx, Actor actor, long issuedAtMs, long lifetimeMs, ServerWebSocket socket,
                    boolean talksEvents) {
    socket.setWriteQueueMaxSize(maxQueueBytes);
    Session session = new Session(actor, socket, maxQueue, sessions.closes(), resume).talksEvents(talksEvents);
    session.tokenIssuedAt(issuedAtMs);
    sessions.add(session);
    // a session lives no longer than its token: the client reconnects with a fresh one and resumes
    session.expiryTimer(vertx.setTimer(Math.max(1, lifetimeMs),
        id -> session.close(PushFrames.CLOSE_TOKEN_EXPIRED, PushFrames.CLOSE_TOKEN_EXPIRED_REASON)));
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
      vertx.cancelTimer(session.expiryTimer());
      session.closed();
      sessions.remove(session);
      subscriptions.closed(session);
    });
  }
}
