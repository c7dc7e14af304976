package io.talkmesh.talkmanager.rpc;

import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.amqp.Amqp;
import io.talkmesh.common.rpc.RpcServer;
import io.talkmesh.talkmanager.agent.AgentService;
import io.talkmesh.talkmanager.agent.LoginPolicy;
import io.talkmesh.talkmanager.agent.Passwords;
import io.talkmesh.talkmanager.chat.ChatService;
import io.talkmesh.talkmanager.eventlog.EventLogService;
import io.talkmesh.talkmanager.legacy.LegacyService;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.DatabaseErrors;
import io.talkmesh.talkmanager.message.MessageService;
import io.talkmesh.talkmanager.outbox.OutboxRelayVerticle;
import io.talkmesh.talkmanager.participant.ParticipantService;
import io.micrometer.core.instrument.MeterRegistry;
import io.talkmesh.talkmanager.ops.Readiness;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/** One RPC listener: its own broker connection on the shared request queue, and the shared database pool. */
public final class RpcVerticle extends VerticleBase {
  private final AmqpConfig amqp;
  private final String pgUri;
  private final int poolSize;
  private final int prefetch;
  private Pool pool;
  private RpcServer server;

  private final Readiness readiness;
  private final MeterRegistry meters;

  private final LoginPolicy login;
  private final int maxReplyBytes;
  private final int maxRedeliveries;

  public RpcVerticle(AmqpConfig amqp, String pgUri, int poolSize, int prefetch, LoginPolicy login, Readiness readiness,
                     MeterRegistry meters, int maxReplyBytes, int maxRedeliveries) {
    this.maxReplyBytes = maxReplyBytes;
    this.maxRedeliveries = maxRedeliveries;
    this.login = login;
    this.readiness = readiness;
    this.meters = meters;
    this.amqp = amqp;
    this.pgUri = pgUri;
    this.poolSize = poolSize;
    this.prefetch = prefetch;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, pgUri, poolSize);
    ChatService chats = new ChatService(pool);
    ParticipantService participants = new ParticipantService(pool);
    MessageService messages = new MessageService(pool);
    var router = TalkRoutes.of(new AgentService(pool, new Passwords(vertx), login), chats, participants, messages,
        new EventLogService(pool), new LegacyService(pool, chats, participants, messages));
    server = new RpcServer(Amqp.client(vertx, amqp.uri(), "talk-manager-rpc"), amqp.requestQueue(), prefetch,
        request -> router.dispatch(request)
            .onSuccess(result -> {
              if (!"GET".equals(request.method())) {
                // a mutation committed: events may be pending (the relay coalesces kicks)
                vertx.eventBus().send(OutboxRelayVerticle.KICK, null);
              }
            })
            .recover(err -> Future.failedFuture(DatabaseErrors.toTalk(err))))
        .metrics(meters).maxReplyBytes(maxReplyBytes).maxRedeliveries(maxRedeliveries);
    readiness.broker(server::connected);
    return server.start();
  }

  @Override
  public Future<?> stop() {
    return server.stop().eventually(pool::close);
  }
}
