package io.talkmesh.talkmanager.rpc;

import io.talkmesh.talkmanager.TalkManagerConfig;
import io.talkmesh.common.amqp.Amqp;
import io.talkmesh.common.rpc.RpcServer;
import io.talkmesh.talkmanager.agent.AgentService;
import io.talkmesh.talkmanager.agent.LoginPolicy;
import io.talkmesh.talkmanager.agent.Passwords;
import io.talkmesh.talkmanager.chat.ChatService;
import io.talkmesh.talkmanager.customer.CustomerService;
import io.talkmesh.talkmanager.eventlog.EventLogService;
import io.talkmesh.talkmanager.legacy.LegacyService;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.DatabaseErrors;
import io.talkmesh.talkmanager.message.MessageService;
import io.talkmesh.talkmanager.outbox.OutboxRelayVerticle;
import io.talkmesh.talkmanager.participant.ParticipantService;
import io.talkmesh.talkmanager.readstate.ReadStateService;
import io.talkmesh.talkmanager.search.SearchService;
import io.talkmesh.talkmanager.pin.PinService;
import io.talkmesh.talkmanager.message.AroundService;
import io.talkmesh.talkmanager.talks.TalkService;
import io.micrometer.core.instrument.MeterRegistry;
import io.talkmesh.talkmanager.ops.Readiness;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.sqlclient.Pool;
import io.talkmesh.common.tracing.Tracing;

/** One RPC listener: its own broker connection on the shared request queue, and the shared database pool. */
public final class RpcVerticle extends VerticleBase {
  /** A kick is no hop of the request's trace: the relay's batch serves many requests (each event has its own span). */
  private static final DeliveryOptions KICK = new DeliveryOptions().setTracingPolicy(TracingPolicy.IGNORE);
  private final TalkManagerConfig config;
  private final Readiness readiness;
  private final MeterRegistry meters;
  private Pool pool;
  private RpcServer server;

  public RpcVerticle(TalkManagerConfig config, Readiness readiness, MeterRegistry meters) {
    this.config = config;
    this.readiness = readiness;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config.pgUri(), config.poolSize());
    ChatService chats = new ChatService(pool);
    ParticipantService participants = new ParticipantService(pool);
    MessageService messages = new MessageService(pool);
    var router = TalkRoutes.of(new AgentService(pool, new Passwords(vertx), config.login()), chats, participants, messages,
        new EventLogService(pool), new LegacyService(pool, chats, participants, messages),
        new TalkService(pool, chats, participants, messages),
        new CustomerService(pool, new Passwords(vertx), config.platformOperator()), new ReadStateService(pool),
        new SearchService(pool), new PinService(pool), new AroundService(pool),
        new io.talkmesh.talkmanager.presence.PresenceService(pool, config.presence()),
        new io.talkmesh.talkmanager.webhook.WebhookService(pool, config.webhookTargets()));
    server = new RpcServer(Amqp.client(vertx, config.amqp().uri(), "talk-manager-rpc"), config.amqp().requestQueue(),
        config.prefetch(),
        request -> router.dispatch(request)
            .onSuccess(result -> {
              if (!"GET".equals(request.method())) {
                // a mutation committed: events may be pending (the relay coalesces kicks)
                vertx.eventBus().send(OutboxRelayVerticle.KICK, null, KICK);
                vertx.eventBus().send(io.talkmesh.talkmanager.access.AccessRelayVerticle.KICK, null, KICK);
              }
            })
            .recover(err -> Future.failedFuture(DatabaseErrors.toTalk(err))))
        .metrics(meters).tracing(Tracing.of(vertx)).maxReplyBytes(config.rpcMaxReplyBytes()).maxRedeliveries(config.rpcMaxRedeliveries())
        .quorum(config.amqp().quorum());
    readiness.broker(server::connected);
    return server.start();
  }

  @Override
  public Future<?> stop() {
    return server.stop().eventually(pool::close);
  }
}
