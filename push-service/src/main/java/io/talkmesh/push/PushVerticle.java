package io.talkmesh.push;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.error.HttpAnswer;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.common.amqp.Amqp;
import io.talkmesh.common.rpc.RpcClient;
import io.talkmesh.common.push.ResumeFrames;
import io.talkmesh.push.delivery.Bindings;
import io.talkmesh.push.delivery.Dispatcher;
import io.talkmesh.push.delivery.EventConsumer;
import io.talkmesh.push.delivery.Memberships;
import io.talkmesh.push.delivery.SeqFilter;
import io.talkmesh.push.session.Refusal;
import io.talkmesh.push.session.Resume;
import io.talkmesh.push.session.Sessions;
import io.talkmesh.push.session.Session;
import io.talkmesh.push.session.WebSocketEndpoint;
import io.talkmesh.push.subscription.Subscriptions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.talkmesh.ops.Health;
import io.talkmesh.common.ops.Metrics;
import io.talkmesh.push.delivery.Bindings;
import io.talkmesh.push.session.Sessions;
import java.util.Map;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import io.talkmesh.common.model.Actor;
import io.talkmesh.push.delivery.Channels;
import io.talkmesh.push.delivery.ChatBindings;
import io.talkmesh.push.delivery.Recipients;
import io.talkmesh.push.typing.SignalQueue;
import io.talkmesh.push.typing.TypingSignals;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.core.tracing.TracingPolicy;
import io.talkmesh.common.tracing.Tracing;

/**
 * One push-service instance: the WebSocket server, its sessions and subscriptions, its event queue and an RPC
 * client to talk-manager, all on this verticle's event loop (no locks). It listens at once and connects to the
 * broker in the background; {@code /health/ready} says when events flow.
 */
public final class PushVerticle extends VerticleBase {
  /** One line per event handled (logger {@code talk.access}), with its request_id. */
  private static final org.slf4j.Logger ACCESS = org.slf4j.LoggerFactory.getLogger("talk.access");
  /** The service name: its metrics registry. */
  public static final String SERVICE = "push-service";
  private final MeterRegistry meters = Metrics.registry(SERVICE);
  private static final Logger LOG = LoggerFactory.getLogger(PushVerticle.class);
  private static final String NAME = "push-service";
  private static final int SEEN_CHATS = 100_000;
  private static final long STOP_STEP_SECONDS = 3;

  private final PushConfig config;
  private final Consumer<PushService.Ports> boundPort;
  private final java.util.function.Function<TalkManagerClient, io.talkmesh.common.auth.AgentAccess> accessSource;
  private io.talkmesh.common.auth.AgentAccess access;
  private EventConsumer events;
  private RpcClient rpc;
  private Sessions sessions;
  private Bindings bindings;
  private ChatBindings chatBindings;
  private SignalQueue signals;
  private TypingSignals typing;
  private io.talkmesh.push.presence.PresenceFeed presence;
  private io.talkmesh.push.presence.SessionReporter reporter;
  private long presenceTimer;
  private HttpServer server;
  private HttpServer management;
  private long pingTimer;
  private long pingTicks;
  private long eventsIn;
  private long deliveries;
  private boolean stopping;

  public PushVerticle(PushConfig config, Consumer<PushService.Ports> boundPort) {
    this(config, boundPort, null);
  }

  /** @param accessSource how agents' access is learnt (null: the access exchange and agents.access RPCs) */
  public PushVerticle(PushConfig config, Consumer<PushService.Ports> boundPort,
                      java.util.function.Function<TalkManagerClient, io.talkmesh.common.auth.AgentAccess> accessSource) {
    this.config = config;
    this.boundPort = boundPort;
    this.accessSource = accessSource;
  }

  @Override
  public Future<?> start() {
    rpc = new RpcClient(vertx, config.amqp().uri(), NAME + ".rpc", config.amqp().requestQueue(),
        config.rpcTimeoutMs())
        .metrics(meters).tracing(Tracing.of(vertx));
    TalkManagerClient talkManager = new TalkManagerClient(rpc, NAME);
    events = new EventConsumer(Amqp.client(vertx, config.amqp().uri(), NAME + ".events"), context,
        config.amqp(), config.prefetch()).tracing(Tracing.of(vertx));
    Memberships memberships = new Memberships(talkManager::participations);
    Channels channels = new Channels(actor -> allChannels(talkManager, actor, null, new ArrayList<>()));
    Recipients recipients = new Recipients();
    sessions = new Sessions(memberships::forget, channels::forget, recipients);
    signals = new SignalQueue(Amqp.client(vertx, config.amqp().uri(), NAME + ".signals"), context, config.amqp());
    // the signal queue follows the event queue's bindings: typing reaches an instance wherever its chat's events do
    bindings = new Bindings(pattern -> {
      signals.bind(pattern);
      return events.bind(pattern);
    }, pattern -> {
      signals.unbind(pattern);
      events.unbind(pattern);
    });
    chatBindings = new ChatBindings(bindings, memberships, channels, config.chatBindings());
    Dispatcher dispatcher = new Dispatcher(e -> recipients.of(e, memberships, channels), memberships, channels,
        new SeqFilter(SEEN_CHATS), chatBindings::active);
    presence = new io.talkmesh.push.presence.PresenceFeed(bindings, task -> context.runOnContext(v -> task.run()));
    events.handler(event -> {
      eventsIn++;
      if (event.type().presence()) {
        // the customer's presence subscribers, in the next presence frame (not the agent's own sessions)
        presence.onEvent(event);
        return;
      }
      int delivered = dispatcher.onEvent(event);
      deliveries += delivered;
      ACCESS.info("delivered {} {} {} to {} sessions {}", event.type().wire(), kv("chat_id", event.chatId()),
          kv("seq", event.seq()), delivered, kv("request_id", event.requestId()));
    });
    // the queue was gone while the broker was away: what was published meanwhile reached no one here, memberships
    // and channels included, so they are loaded afresh by the next subscribes
    events.onReconnect(() -> {
      memberships.clear();
      channels.clear();
      sessions.all().forEach(s -> s.close(PushFrames.CLOSE_SERVICE_RESTART, PushFrames.CLOSE_SERVICE_RESTART_REASON));
    });
    Resume resume = new Resume(vertx, talkManager::eventsAfter);
    FunctionCounter.builder("talk.push.resumes", resume, Resume::requests)
        .description("chats caught up from the event log after a reconnect").register(meters);
    typing = new TypingSignals(signals, memberships, channels, recipients, System::nanoTime);
    signals.handler(body -> {
      try {
        typing.onSignal(body);
      } catch (IllegalArgumentException e) {
        LOG.debug("dropping a signal that is not one: {}", e.getMessage());
      }
    });
    Subscriptions subscriptions = new Subscriptions(bindings, chatBindings, recipients, memberships, channels)
        .typing(typing::onFrame)
        .presence(presence);
    reporter = new io.talkmesh.push.presence.SessionReporter(vertx, config.presence(), talkManager::reportSessions,
        sessions::agents);
    sessions.onAgents(reporter::arrived, reporter::left);
    presenceTimer = vertx.setPeriodic(config.presence().frameMs(), id -> presence.tick());
    access = accessSource != null ? accessSource.apply(talkManager)
        : io.talkmesh.common.auth.AgentAccess.listening(vertx, config.amqp(), NAME + ".access", talkManager::access);
    // a deleted agent, a password changed, a role taken: its sessions here close (4003), on this verticle's loop
    access.onChange(state -> context.runOnContext(v -> {
      int closed = sessions.accessChanged(state);
      if (closed > 0) {
        LOG.info("closed {} sessions of agent {} after an access change", closed, state.agentId());
      }
    }));
    access.start().onFailure(err -> LOG.error("access changes: could not listen at start: {}", err.getMessage()));
    WebSocketEndpoint endpoint = new WebSocketEndpoint(new Jwt(vertx, config.auth().jwtSecret(),
        config.auth().ttlSeconds()), access, sessions, subscriptions, resume, config.maxQueue(), config.maxQueueBytes())
        .framesPerSecond(config.framesPerSecond())
        .maxSessionsPerAgent(config.maxSessionsPerAgent())
        .allowedOrigins(config.allowedOrigins());

    rpc.start().onFailure(err -> LOG.error("RPC client could not start: {}", err.getMessage()));
    reporter.start();
    signals.start().onFailure(err -> LOG.error("signal queue could not start: {}", err.getMessage()));
    events.start()
        .onSuccess(v -> LOG.debug("consuming events"))
        .onFailure(err -> LOG.error("event consumer could not start: {}", err.getMessage()));
    // Each session is pinged (or closed as idle) once per TALK_WS_PING_MS, but not all at once: the interval is cut
    // into slices of ~250 ms and a session belongs to one slice, so 16,000 idle sessions cost 200 pings per tick
    // instead of one 16,000-ping stall of the event loop that delayed every delivery behind it.
    int slices = Session.pingSlices(config.pingMs());
    pingTimer = vertx.setPeriodic(Math.max(1, config.pingMs() / slices), id -> {
      int slice = (int) (pingTicks++ % slices);
      long now = System.nanoTime();
      for (Session s : sessions.all()) {
        if (s.pingSlice(slices) == slice) {
          s.keepAlive(TimeUnit.MILLISECONDS.toNanos(config.idleMs()), now, ResumeFrames.CLOSE_IDLE,
              ResumeFrames.CLOSE_IDLE_REASON);
        }
      }
    });

    registerMeters();
    server = vertx.createHttpServer(new HttpServerOptions()
        .setMaxWebSocketFrameSize(64 * 1024).setMaxWebSocketMessageSize(64 * 1024)
        .setWebSocketSubProtocols(List.of(WebSocketEndpoint.SUBPROTOCOL)));
    // probes and scrapes are no traces
    management = vertx.createHttpServer(new HttpServerOptions().setTracingPolicy(TracingPolicy.IGNORE));
    return server.requestHandler(publicRouter(endpoint)).listen(config.wsPort())
        .compose(s -> management.requestHandler(managementRouter()).listen(config.managementPort())
            .onSuccess(m -> boundPort.accept(new PushService.Ports(s.actualPort(), m.actualPort()))));
  }

  /** The public port: the WebSocket endpoints and health (load balancers probe it); nothing else. */
  private Router publicRouter(WebSocketEndpoint endpoint) {
    Router router = Router.router(vertx);
    WebSocketEndpoint.PATHS.forEach(path -> router.get(path).handler(endpoint));
    Health.mountProbes(router, vertx, readiness());
    return errors(router);
  }

  /** The management port ({@code TALK_PUSH_MANAGEMENT_PORT}): metrics, stats and health, for operators only. */
  private Router managementRouter() {
    Router router = Router.router(vertx);
    Health.mount(router, vertx, SERVICE, readiness());
    router.get("/stats").handler(ctx -> ctx.json(stats()));
    return errors(router);
  }

  private Map<String, java.util.function.Supplier<Future<Boolean>>> readiness() {
    return Map.of("broker", () -> Future.succeededFuture(events.ready() && !stopping));
  }

  /**
   * The ids of every live public channel of the actor's customer, page after page. A page of channels is bounded by
   * count only (no byte budget, docs/rpc.md), so a page shorter than asked is the last: no request for the empty page.
   */
  private static Future<Collection<UUID>> allChannels(TalkManagerClient talkManager, Actor actor, String pageToken,
                                                      List<UUID> into) {
    return talkManager.listChannels(actor, PageRequest.MAX_SIZE, pageToken).compose(page -> {
      page.result().forEach(chat -> into.add(chat.id()));
      String next = page.nextPageToken();
      return page.result().size() < PageRequest.MAX_SIZE || next == null || next.isEmpty() || next.equals(pageToken)
          ? Future.succeededFuture(into) : allChannels(talkManager, actor, next, into);
    });
  }

  private Router errors(Router router) {
    router.errorHandler(404, ctx -> Refusal.send(ctx, HttpAnswer.ofStatusCode(404)));
    router.errorHandler(405, ctx -> Refusal.send(ctx, HttpAnswer.ofStatusCode(405)));
    router.errorHandler(500, ctx -> {
      LOG.error("request {} failed", ctx.request().path(), ctx.failure());
      Refusal.send(ctx, HttpAnswer.ofStatusCode(500));
    });
    return router;
  }

  /** The instance's meters on /metrics (Prometheus): the same figures as {@link #stats()}. */
  private void registerMeters() {
    Gauge.builder("talk.push.sessions", sessions, Sessions::size).description("open WebSocket sessions").register(meters);
    Gauge.builder("talk.push.bindings", bindings, Bindings::patterns).description("event exchange bindings held")
        .register(meters);
    Gauge.builder("talk.push.coarse_customers", chatBindings, ChatBindings::coarseCustomers)
        .description("customers whose whole event stream is bound (more chats needed than TALK_PUSH_CHAT_BINDINGS)")
        .register(meters);
    FunctionCounter.builder("talk.push.binding_switches", chatBindings, ChatBindings::switches)
        .description("switches between per-chat and per-customer bindings").register(meters);
    FunctionCounter.builder("talk.push.events", this, v -> v.eventsIn).description("events consumed from the broker")
        .register(meters);
    FunctionCounter.builder("talk.push.deliveries", this, v -> v.deliveries).description("frames handed to sessions")
        .register(meters);
    Gauge.builder("talk.push.presence.subscribers", presence, io.talkmesh.push.presence.PresenceFeed::subscribers)
        .description("sessions subscribed to their customer's presence").register(meters);
    FunctionCounter.builder("talk.push.presence.events", presence, io.talkmesh.push.presence.PresenceFeed::events)
        .description("presence changes taken from the broker").register(meters);
    FunctionCounter.builder("talk.push.presence.frames", presence, io.talkmesh.push.presence.PresenceFeed::frames)
        .description("presence frames written to sessions (at most one per subscriber per TALK_PUSH_PRESENCE_FRAME_MS)")
        .register(meters);
    FunctionCounter.builder("talk.push.presence.reports", reporter, io.talkmesh.push.presence.SessionReporter::reports)
        .description("presence reports (heartbeats) talk-manager answered").register(meters);
    FunctionCounter.builder("talk.push.presence.report_failures", reporter,
            io.talkmesh.push.presence.SessionReporter::failures)
        .description("presence reports that failed (each followed by a whole-set report)").register(meters);
    FunctionCounter.builder("talk.push.typing.published", typing, TypingSignals::published)
        .description("typing signals this instance's sessions sent out (after the per-session throttle)").register(meters);
    FunctionCounter.builder("talk.push.typing.delivered", typing, TypingSignals::delivered)
        .description("typing frames written to sessions").register(meters);
    FunctionCounter.builder("talk.push.typing.dropped", typing, TypingSignals::dropped)
        .description("typing frames dropped because a session's outbound buffer was full").register(meters);
    for (int code : new int[] {1000, 1001, 1012, 1013, 4000, 4001, 4003, 4008}) {
      FunctionCounter.builder("talk.push.closes", sessions, s -> s.closes().of(code)).tag("code", Integer.toString(code))
          .description("sessions closed, by close code (4008 slow consumer, 4000 idle, 1012 restart)").register(meters);
    }
  }

  /** Sessions, bindings, events taken from the broker, frames handed to sessions, closes by code. */
  private JsonObject stats() {
    return new JsonObject().put("sessions", sessions.size()).put("bindings", bindings.patterns())
        .put("coarse_customers", chatBindings.coarseCustomers()).put("binding_switches", chatBindings.switches())
        .put("events", eventsIn).put("deliveries", deliveries).put("closes", sessions.closes().toJson())
        .put("typing", new JsonObject().put("published", typing.published()).put("delivered", typing.delivered())
            .put("dropped", typing.dropped()))
        .put("presence", new JsonObject().put("instance", reporter.instance().toString())
            .put("subscribers", presence.subscribers()).put("events", presence.events())
            .put("frames", presence.frames()).put("entries", presence.entries()).put("reports", reporter.reports())
            .put("report_failures", reporter.failures()));
  }

  /**
   * Stops taking events first, then tells every client to reconnect elsewhere (1012), so each client's last seq is
   * behind everything this instance will ever send it and resuming on another instance loses nothing.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(pingTimer);
    vertx.cancelTimer(presenceTimer);
    return bounded("cancel the event consumer", events.cancel())
        .onComplete(ar -> sessions.all().forEach(s ->
            s.close(PushFrames.CLOSE_SERVICE_RESTART, PushFrames.CLOSE_SERVICE_RESTART_REASON)))
        .eventually(() -> server.shutdown(STOP_STEP_SECONDS, TimeUnit.SECONDS))
        .eventually(() -> management.close())
        .eventually(() -> bounded("close the event connection", events.stop()))
        .eventually(() -> bounded("close the signal connection", signals.stop()))
        .eventually(() -> bounded("report no sessions any more", reporter.stop()))
        .eventually(() -> bounded("close the access connection", access.stop()))
        .eventually(() -> bounded("close the RPC connection", rpc.stop()));
  }

  /** A stop step that cannot hang the shutdown (a broker that went away may never answer). */
  private static Future<Void> bounded(String step, Future<Void> future) {
    return future.timeout(STOP_STEP_SECONDS, TimeUnit.SECONDS)
        .recover(err -> {
          LOG.warn("stop: could not {}: {}", step, err.toString());
          return Future.succeededFuture();
        });
  }
}
