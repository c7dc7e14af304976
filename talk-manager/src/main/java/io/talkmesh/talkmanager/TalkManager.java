package io.talkmesh.talkmanager;

import io.talkmesh.talkmanager.agent.AgentService;
import io.talkmesh.talkmanager.agent.Passwords;
import io.talkmesh.talkmanager.customer.PlatformOperator;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Migrations;
import io.talkmesh.talkmanager.outbox.OutboxRelayVerticle;
import io.talkmesh.talkmanager.retention.PurgeVerticle;
import io.talkmesh.talkmanager.rpc.RpcVerticle;
import io.talkmesh.talkmanager.search.SearchIndexVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.talkmesh.common.ops.Metrics;
import io.talkmesh.talkmanager.ops.ManagementVerticle;
import io.talkmesh.talkmanager.ops.Readiness;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wiring of a talk-manager process: migrations, first admin and platform operator, the search language, RPC
 * listeners, outbox relay, purge of old rows. Used by Main and tests.
 */
public final class TalkManager {
  /** The service name: its metrics registry and connection names. */
  public static final String SERVICE = "talk-manager";

  private TalkManager() {
  }

  /**
   * Starts health/metrics first (live at once, ready once migrated and connected), then migrates, creates the first
   * admin, stores the search language (re-indexing in the background when it changed), and deploys the RPC
   * listeners, the outbox relay and the purge. Returns the management port.
   */
  public static Future<Integer> deploy(Vertx vertx, TalkManagerConfig config) {
    Readiness readiness = new Readiness();
    MeterRegistry meters = Metrics.registry(SERVICE);
    AtomicInteger port = new AtomicInteger();
    return vertx.deployVerticle(new ManagementVerticle(config.pgUri(), config.httpPort(), readiness, port::set))
        .compose(v -> vertx.executeBlocking(() -> {
          Migrations.run(config.pgUri());
          return null;
        }))
        .onSuccess(v -> readiness.migrated())
        .compose(v -> bootstrapAdmin(vertx, config))
        .compose(v -> vertx.deployVerticle(new SearchIndexVerticle(config.pgUri(), config.searchLanguage())))
        .compose(v -> vertx.deployVerticle(() -> new RpcVerticle(config, readiness, meters),
            new DeploymentOptions().setInstances(config.instances())))
        .compose(v -> vertx.deployVerticle(new OutboxRelayVerticle(config, readiness, meters)))
        .compose(v -> vertx.deployVerticle(new io.talkmesh.talkmanager.access.AccessRelayVerticle(config)))
        .compose(v -> vertx.deployVerticle(new PurgeVerticle(config.pgUri(), config.retention())))
        .compose(v -> vertx.deployVerticle(new io.talkmesh.talkmanager.presence.PresenceSweepVerticle(config.pgUri(),
            config.presence())))
        .map(v -> port.get());
  }

  private static Future<Void> bootstrapAdmin(Vertx vertx, TalkManagerConfig config) {
    Pool pool = Database.pool(vertx, config.pgUri(), 1, "talk-manager-bootstrap");
    AgentService agents = new AgentService(pool, new Passwords(vertx));
    return agents.bootstrapAdmin(config.adminUsername(), config.adminPassword())
        .compose(v -> PlatformOperator.ensure(pool, agents, config.platformAdminUsername(),
            config.platformAdminPassword()))
        .eventually(pool::close);
  }
}
