package io.talkmesh.talkmanager;

import io.talkmesh.talkmanager.agent.AgentService;
import io.talkmesh.talkmanager.agent.Passwords;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Migrations;
import io.talkmesh.talkmanager.outbox.OutboxRelayVerticle;
import io.talkmesh.talkmanager.rpc.RpcVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** Wiring of a talk-manager process: migrations, first admin, RPC listeners, outbox relay. Used by Main and tests. */
public final class TalkManager {
  private TalkManager() {
  }

  public static Future<Void> deploy(Vertx vertx, TalkManagerConfig config) {
    return vertx.executeBlocking(() -> {
          Migrations.run(config.pgUri());
          return null;
        })
        .compose(v -> bootstrapAdmin(vertx, config))
        .compose(v -> vertx.deployVerticle(() -> new RpcVerticle(config.amqp(), config.pgUri(), config.poolSize(),
            config.prefetch()), new DeploymentOptions().setInstances(config.instances())))
        .compose(v -> vertx.deployVerticle(new OutboxRelayVerticle(config.amqp(), config.pgUri(), 2, config.eventRetentionHours())))
        .mapEmpty();
  }

  private static Future<Void> bootstrapAdmin(Vertx vertx, TalkManagerConfig config) {
    Pool pool = Database.pool(vertx, config.pgUri(), 1);
    return new AgentService(pool, new Passwords(vertx)).bootstrapAdmin(config.adminUsername(), config.adminPassword())
        .eventually(pool::close);
  }
}
