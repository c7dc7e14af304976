package io.talkmesh.talkmanager.ops;

import io.talkmesh.ops.Health;
import io.talkmesh.talkmanager.db.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.function.IntConsumer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.tracing.TracingPolicy;

/** talk-manager's small HTTP side: /health/live, /health/ready (database, migrations, broker) and /metrics. */
public final class ManagementVerticle extends VerticleBase {
  private final String pgUri;
  private final int port;
  private final Readiness readiness;
  private final IntConsumer boundPort;
  private Pool pool;
  private HttpServer server;

  public ManagementVerticle(String pgUri, int port, Readiness readiness, IntConsumer boundPort) {
    this.pgUri = pgUri;
    this.port = port;
    this.readiness = readiness;
    this.boundPort = boundPort;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, pgUri, 1, "talk-manager-health");
    Router router = Router.router(vertx);
    Health.mount(router, vertx, "talk-manager", Map.of(
        "database", () -> pool.query("SELECT 1").execute().map(rows -> true),
        "migrations", () -> Future.succeededFuture(readiness.isMigrated()),
        "broker", () -> Future.succeededFuture(readiness.brokersConnected())));
    // probes and scrapes are no traces
    return vertx.createHttpServer(new HttpServerOptions()
            .setTracingPolicy(TracingPolicy.IGNORE)).requestHandler(router).listen(port)
        .onSuccess(s -> {
          server = s;
          boundPort.accept(s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    return (server == null ? Future.succeededFuture() : server.close()).eventually(pool::close);
  }
}
