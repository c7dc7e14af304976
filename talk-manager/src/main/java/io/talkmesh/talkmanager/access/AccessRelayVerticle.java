package io.talkmesh.talkmanager.access;

import io.talkmesh.common.amqp.AccessExchange;
import io.talkmesh.common.amqp.BrokerConnection;
import io.talkmesh.talkmanager.TalkManagerConfig;
import io.talkmesh.talkmanager.db.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import com.rabbitmq.client.AMQP;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays the access outbox ({@code talk_access_changes}, written in the transaction of each change of an agent's
 * access) to the access exchange with publisher confirms, then deletes what the broker confirmed. One relay at a
 * time in the deployment (a transaction-scoped advisory lock), in outbox order, so an agent's changes go out in the
 * order they committed; a crash before the delete republishes, which listeners absorb by {@code version}. Woken in
 * process after every mutation ({@link #KICK}) and by a sweep every {@link #SWEEP_MS} ms (another instance's
 * changes, a busy lock), so a change is announced well within a second.
 */
public final class AccessRelayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AccessRelayVerticle.class);
  /** Local event-bus address: a mutation committed, relay what is pending. */
  public static final String KICK = "talk.access.kick";
  static final long SWEEP_MS = 200;
  private static final long RELAY_LOCK = 0x7a1c_0b0c_acc5L;
  private static final int BATCH = 256;
  private static final long CONFIRM_TIMEOUT_MS = 5000;
  static final String PENDING = """
      WITH relay AS MATERIALIZED (SELECT pg_try_advisory_xact_lock($1) AS locked)
      SELECT c.position, c.data FROM relay JOIN LATERAL (SELECT position, data FROM talk_access_changes
        WHERE relay.locked ORDER BY position LIMIT $2) c ON true""";
  static final String DONE = "DELETE FROM talk_access_changes WHERE position = ANY($1)";

  private final TalkManagerConfig config;
  private Pool pool;
  private BrokerConnection broker;
  private boolean running;
  private boolean again;
  private long sweepTimer;

  public AccessRelayVerticle(TalkManagerConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config.pgUri(), 1, "talk-manager-access-relay");
    broker = BrokerConnection.open(vertx, config.amqp(), "talk-manager-access-relay");
    vertx.eventBus().localConsumer(KICK, message -> kick());
    return broker.start(client -> AccessExchange.declare(client, config.amqp()).compose(v -> client.confirmSelect()))
        .onSuccess(v -> {
          sweepTimer = vertx.setPeriodic(SWEEP_MS, id -> kick());
          kick();
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    return broker.stop().eventually(pool::close);
  }

  private void kick() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    pool.withTransaction(this::relayBatch).onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.warn("access relay failed; retrying on the next sweep: {}", ar.cause().toString());
      } else if (ar.result() == BATCH || again) {
        kick();
      }
    });
  }

  private Future<Integer> relayBatch(SqlConnection tx) {
    return tx.preparedQuery(PENDING).execute(Tuple.of(RELAY_LOCK, BATCH)).compose(rows -> {
      List<Long> positions = new ArrayList<>();
      List<Future<Void>> published = new ArrayList<>();
      for (Row row : rows) {
        positions.add(row.getLong("position"));
        published.add(broker.client().basicPublish(config.amqp().accessExchange(), "",
            new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build(),
            AccessExchange.body((JsonObject) row.getValue("data"))));
      }
      if (positions.isEmpty()) {
        return Future.succeededFuture(0);
      }
      return Future.all(published)
          .compose(v -> broker.confirmed(CONFIRM_TIMEOUT_MS))
          .compose(v -> tx.preparedQuery(DONE).execute(Tuple.tuple().addArrayOfLong(positions.toArray(new Long[0]))))
          .map(v -> {
            LOG.debug("announced {} access changes", positions.size());
            return positions.size();
          });
    });
  }
}
