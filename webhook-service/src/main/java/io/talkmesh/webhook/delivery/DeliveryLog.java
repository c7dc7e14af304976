package io.talkmesh.webhook.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.request.webhook.ParkEvent;
import io.talkmesh.common.request.webhook.RecordDeliveries;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints' delivery logs and parked store, kept by talk-manager (the data's owner): attempts are collected and
 * sent every {@value #FLUSH_MS} ms, at most {@link RecordDeliveries#MAX_DELIVERIES} a call; parked events are sent one
 * by one. Best effort: the log is for people; what matters for delivery is in the broker (a parked delivery is in
 * {@code webhook.parked} whether talk-manager answered or not). Targets without an endpoint id (the customer's own
 * {@code webhook_uri}) have no log. Touched on the verticle's event loop only.
 */
public final class DeliveryLog {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLog.class);
  static final long FLUSH_MS = 1000;
  /** Attempts kept while talk-manager does not answer; older ones are dropped (and counted). */
  static final int MAX_BUFFERED = 10_000;

  private final TalkManagerClient talkManager;
  private final List<RecordDeliveries.Attempt> buffer = new ArrayList<>();
  private final Counter dropped;
  private boolean sending;
  private long lastWarning;

  public DeliveryLog(Vertx vertx, TalkManagerClient talkManager, MeterRegistry meters) {
    this.talkManager = talkManager;
    this.dropped = Counter.builder("talk.webhook.log.dropped")
        .description("delivery-log entries dropped because talk-manager did not take them").register(meters);
    vertx.setPeriodic(FLUSH_MS, id -> flush());
  }

  /** Adds one attempt to the log of its endpoint. */
  public void attempt(Delivery delivery, Attempt attempt, String outcome, Long nextRetryMs) {
    UUID endpoint = uuid(delivery.key());
    UUID event = uuid(delivery.eventId());
    if (endpoint == null || event == null) {
      return;
    }
    if (buffer.size() >= MAX_BUFFERED) {
      buffer.remove(0);
      dropped.increment();
    }
    String error = attempt.error();
    if (error != null && error.length() > RecordDeliveries.MAX_ERROR) {
      error = error.substring(0, RecordDeliveries.MAX_ERROR);
    }
    buffer.add(new RecordDeliveries.Attempt(endpoint, event, delivery.eventType(), uuid(delivery.chat()),
        delivery.seq(), Math.max(1, delivery.attempts()), outcome,
        attempt.statusCode() == 0 ? null : attempt.statusCode(), error, Math.max(0, attempt.millis()),
        nextRetryMs == null ? null : Instant.ofEpochMilli(nextRetryMs)));
  }

  /** Records a parked event in its endpoint's parked store (for the admins' list and replay). */
  public Future<Void> parked(Delivery delivery, String reason) {
    UUID endpoint = uuid(delivery.key());
    UUID event = uuid(delivery.eventId());
    if (endpoint == null || event == null) {
      return Future.succeededFuture();
    }
    String why = reason == null ? "" : reason.length() > ParkEvent.MAX_REASON ? reason.substring(0,
        ParkEvent.MAX_REASON) : reason;
    return talkManager.parkEvent(new ParkEvent(endpoint, event, new JsonObject(delivery.body()), why,
        delivery.attempts())).mapEmpty();
  }

  private void flush() {
    if (sending || buffer.isEmpty()) {
      return;
    }
    List<RecordDeliveries.Attempt> batch = new ArrayList<>(buffer.subList(0,
        Math.min(buffer.size(), RecordDeliveries.MAX_DELIVERIES)));
    sending = true;
    talkManager.recordDeliveries(batch)
        .onSuccess(v -> buffer.subList(0, batch.size()).clear())
        .onFailure(err -> {
          long now = System.currentTimeMillis();
          if (now - lastWarning > 60_000) {
            lastWarning = now;
            LOG.warn("delivery log not recorded yet ({} entries waiting): {}", buffer.size(), err.getMessage());
          }
        })
        .onComplete(ar -> sending = false);
  }

  private static UUID uuid(String value) {
    if (value == null) {
      return null;
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
