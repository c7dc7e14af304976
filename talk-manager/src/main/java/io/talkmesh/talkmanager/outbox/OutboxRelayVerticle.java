package io.talkmesh.talkmanager.outbox;

import io.talkmesh.talkmanager.TalkManagerConfig;
import static net.logstash.logback.argument.StructuredArguments.kv;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.talkmesh.common.amqp.BrokerConnection;
import io.talkmesh.common.amqp.EventExchange;
import io.talkmesh.talkmanager.ops.Readiness;
import java.util.concurrent.atomic.AtomicLong;
import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import com.rabbitmq.client.AMQP;
import io.talkmesh.talkmanager.db.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays committed outbox events to the topic exchange with publisher confirms, in per-chat seq order.
 * Only one relay in the whole deployment works at a time (a transaction-scoped advisory lock), so a chat's
 * events are never published by two instances concurrently; an event is marked relayed only after the broker
 * confirmed it, so a crash republishes (consumers drop duplicates by chat and seq). The relay connections commit
 * asynchronously (synchronous_commit off): a mark lost in a crash, or in a failover to a synchronous standby (which
 * the events themselves reached, written synchronously by the RPC pool), only republishes what consumers drop anyway,
 * and no relay batch waits for a WAL flush or the standby's reply. Woken by the RPC listeners of its own process after every mutation
 * ({@link #KICK}, local event bus: no NOTIFY, whose commit-time global lock would serialise every sending
 * transaction's commit), retried shortly while another instance holds the relay lock, and by a periodic sweep.
 * With tracing on, each event's publish is a producer span whose parent is the traceparent stored with the event
 * (the span of the RPC that caused it), ended when the broker confirmed it; the published header carries the
 * producer span, so push-service's delivery continues from it.
 */
public final class OutboxRelayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayVerticle.class);
  private static final Logger RELAY_LOG = LoggerFactory.getLogger("talk.access");
  private static final long RELAY_LOCK = 0x7a1c_0b0c_5e1aL;
  private static final int BATCH = 256;
  private static final long CONFIRM_TIMEOUT_MS = 5000;
  private static final long SWEEP_MS = 1000;
  /** While another instance relays, try again this soon: its batch may have been read before our events committed. */
  private static final long BUSY_RETRY_MS = 5;
  /** Local event-bus address: a mutation committed, relay what is pending. */
  public static final String KICK = "talk.outbox.kick";
  private static final int BUSY = -1;

  /** The relay lock and the pending events in one statement; no rows at all (not even the lock's) while busy. */
  static final String PENDING = """
      WITH relay AS MATERIALIZED (SELECT pg_try_advisory_xact_lock($1) AS locked)
      SELECT relay.locked, e.position, e.id, e.customer_id, e.chat_id, e.seq, e.type, e.data, e.request_id, e.tm_create,
        e.traceparent
      FROM relay LEFT JOIN LATERAL (SELECT * FROM talk_events WHERE relay.locked AND tm_relayed IS NULL
        ORDER BY position LIMIT $2) e ON true""";
  static final String LAG = "SELECT (extract(epoch FROM now() - min(tm_create)) * 1000)::bigint AS lag_ms"
      + " FROM talk_events WHERE tm_relayed IS NULL";
  static final String MARK = "UPDATE talk_events SET tm_relayed = now() WHERE position = ANY($1)";

  /** Connections of the relay's own pool: one relays while the other may answer the lag gauge. */
  private static final int POOL_SIZE = 2;
  private final TalkManagerConfig config;
  private Pool pool;
  private BrokerConnection broker;
  private boolean retryScheduled;
  private boolean running;
  private boolean again;
  private long sweepTimer;

  private final Readiness readiness;
  private final MeterRegistry meters;
  private Tracing tracing = Tracing.OFF;
  private Counter relayed;
  private final AtomicLong lagMillis = new AtomicLong();

  public OutboxRelayVerticle(TalkManagerConfig config, Readiness readiness, MeterRegistry meters) {
    this.config = config;
    this.readiness = readiness;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config.pgUri(), POOL_SIZE, "talk-manager-relay", Map.of("synchronous_commit", "off"));
    broker = BrokerConnection.open(vertx, config.amqp(), "talk-manager-outbox-relay");
    tracing = Tracing.of(vertx);
    readiness.broker(broker::isConnected);
    relayed = Counter.builder("talk.outbox.relayed").description("events published to the exchange and confirmed")
        .register(meters);
    Gauge.builder("talk.outbox.lag.seconds", lagMillis, ms -> ms.get() / 1000.0)
        .description("age of the oldest event not yet relayed (0 when the outbox is drained)").register(meters);
    vertx.eventBus().localConsumer(KICK, message -> kick());
    return broker.start(client -> EventExchange.declare(client, config.amqp()).compose(v -> client.confirmSelect()))
        .onSuccess(v -> {
          sweepTimer = vertx.setPeriodic(SWEEP_MS, id -> {
            kick();
            measureLag();
          });
          kick();
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    return broker.stop().eventually(pool::close);
  }

  private void measureLag() {
    pool.query(LAG).execute()
        .onSuccess(rows -> {
          Long lag = rows.iterator().next().getLong("lag_ms");
          lagMillis.set(lag == null ? 0 : lag);
        });
  }

  private void kick() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    pool.withTransaction(this::relayBatch)
        .onComplete(ar -> {
          running = false;
          if (ar.failed()) {
            LOG.warn("outbox relay failed; retrying on the next sweep: {}", ar.cause().toString());
          } else if (ar.result() == BUSY) {
            retryWhileBusy();
          } else if (ar.result() == BATCH || again) {
            kick();
          }
        });
  }

  private void retryWhileBusy() {
    if (!retryScheduled) {
      retryScheduled = true;
      vertx.setTimer(BUSY_RETRY_MS, id -> {
        retryScheduled = false;
        kick();
      });
    }
  }

  private Future<Integer> relayBatch(SqlConnection tx) {
    return tx.preparedQuery(PENDING).execute(Tuple.of(RELAY_LOCK, BATCH)).compose(rows -> {
      if (!rows.iterator().next().getBoolean("locked")) {
        return Future.succeededFuture(BUSY);
      }
      return publish(tx, rows);
    });
  }

  private Future<Integer> publish(SqlConnection tx, Iterable<Row> pending) {
    List<Long> positions = new ArrayList<>();
    List<Future<Void>> published = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    List<Span> spans = tracing.enabled() ? new ArrayList<>() : null;
    for (Row row : pending) {
      if (row.getValue("position") == null) {
        continue;
      }
      Event event = new Event(row.getUUID("id"), row.getUUID("customer_id"), row.getUUID("chat_id"),
          row.getLong("seq"), EventType.parse(row.getString("type")), (JsonObject) row.getValue("data"),
          row.getString("request_id"), Database.instant(row.getOffsetDateTime("tm_create")));
      positions.add(row.getLong("position"));
      events.add(event);
      AMQP.BasicProperties properties;
      if (spans == null) {
        properties = event.properties(row.getString("traceparent"));
      } else {
        Span span = publishSpan(event, row.getString("traceparent"));
        spans.add(span);
        properties = event.properties(Tracing.traceparent(span));
      }
      published.add(broker.client().basicPublish(config.amqp().eventExchange(), event.routingKey(), properties,
          event.body()));
    }
    if (positions.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Future<Void> confirmed = Future.all(published).compose(v -> broker.confirmed(CONFIRM_TIMEOUT_MS));
    if (spans != null) {
      confirmed.onComplete(ar -> spans.forEach(span -> Tracing.end(span, ar.cause())));
    }
    return confirmed
        .compose(v -> tx.preparedQuery(MARK).execute(Tuple.tuple().addArrayOfLong(positions.toArray(new Long[0]))))
        .map(v -> {
          relayed.increment(positions.size());
          events.forEach(e -> RELAY_LOG.info("event {} {} {} {}", e.type().wire(), kv("chat_id", e.chatId()),
              kv("seq", e.seq()), kv("request_id", e.requestId())));
          return positions.size();
        });
  }

  /** The event's publish as a producer span continuing the trace of the request that caused it. */
  private Span publishSpan(Event event, String storedTraceparent) {
    return tracing.startContinuing(storedTraceparent, "publish " + config.amqp().eventExchange(), SpanKind.PRODUCER)
        .setAttribute("messaging.system", "rabbitmq")
        .setAttribute("messaging.operation.type", "publish")
        .setAttribute("messaging.destination.name", config.amqp().eventExchange())
        .setAttribute("messaging.rabbitmq.destination.routing_key", event.routingKey())
        .setAttribute("talk.event.type", event.type().wire())
        .setAttribute("talk.seq", event.seq())
        .setAttribute("talk.request_id", event.requestId());
  }
}
