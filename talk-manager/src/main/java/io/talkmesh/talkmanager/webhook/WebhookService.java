package io.talkmesh.talkmanager.webhook;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.ActiveWebhooks;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.model.WebhookDelivery;
import io.talkmesh.common.model.WebhookEndpoint;
import io.talkmesh.common.model.WebhookParked;
import io.talkmesh.common.request.ByIdPaged;
import io.talkmesh.common.request.webhook.CreateWebhookEndpoint;
import io.talkmesh.common.request.webhook.DeliveriesRecorded;
import io.talkmesh.common.request.webhook.ParkEvent;
import io.talkmesh.common.request.webhook.ParkedRef;
import io.talkmesh.common.request.webhook.RecordDeliveries;
import io.talkmesh.common.request.webhook.UpdateWebhookEndpoint;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.common.webhook.TargetPolicy;
import io.talkmesh.common.webhook.WebhookSignature;
import io.talkmesh.talkmanager.idempotency.Idempotency;
import io.talkmesh.talkmanager.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rules of customers' webhook endpoints (issue 17, docs/webhooks.md). The customer's admins, who change the
 * customer's own webhook ({@code customer.update}), manage its endpoints; nobody else may (403 ADMIN_REQUIRED), and
 * another customer's endpoint is 404 like an unknown one, to admins and agents alike. A URL is checked against the target policy
 * ({@code TALK_WEBHOOK_ALLOWED_TARGETS}) whenever it is saved; the secret is made here and shown only by create and
 * rotation. webhook-service reads where a customer's events go through {@link #active}.
 */
public final class WebhookService {
  /** Live endpoints per customer: every event costs one delivery per endpoint that wants it. */
  public static final int MAX_ENDPOINTS = 20;

  private final Pool pool;
  private final TargetPolicy targets;

  public WebhookService(Pool pool, TargetPolicy targets) {
    this.pool = pool;
    this.targets = targets;
  }

  /** A new endpoint of the actor's customer, with its secret; the 21st is 400 TOO_MANY_WEBHOOK_ENDPOINTS. */
  public Future<WebhookEndpoint> create(Actor actor, CreateWebhookEndpoint request, Trace trace) {
    return requireAdmin(actor).compose(v -> {
      String url = targets.checkUrl(request.url()).toString();
      List<String> types = request.eventTypes() == null ? List.of() : request.eventTypes();
      String description = request.description() == null ? "" : request.description();
      boolean enabled = request.enabled() == null || request.enabled();
      return Idempotency.once(pool, trace, tx -> WebhookStore.lockCustomer(tx, actor.customerId())
          .compose(live -> {
            if (!live) {
              throw TalkException.notFound("CUSTOMER_NOT_FOUND", "customer %s not found", actor.customerId());
            }
            return WebhookStore.count(tx, actor.customerId());
          })
          .compose(count -> {
            if (count >= MAX_ENDPOINTS) {
              throw TalkException.invalid("TOO_MANY_WEBHOOK_ENDPOINTS",
                  "a customer has at most %d webhook endpoints: delete one first", MAX_ENDPOINTS);
            }
            return WebhookStore.insert(tx, UUID.randomUUID(), actor.customerId(), url, types, description, enabled,
                WebhookSignature.newSecret(), Timestamps.now());
          }), WebhookEndpoint::toJson, WebhookEndpoint::fromJson);
    });
  }

  public Future<Page<WebhookEndpoint>> list(Actor actor, PageRequest page) {
    return requireAdmin(actor).compose(v -> WebhookStore.list(pool, actor.customerId(), page))
        .map(endpoints -> page.page(endpoints, WebhookEndpoint::tmCreate, WebhookEndpoint::id));
  }

  public Future<WebhookEndpoint> get(Actor actor, UUID id) {
    return requireAdmin(actor, id).compose(v -> WebhookStore.byId(pool, actor.customerId(), id))
        .map(found -> found(found, id));
  }

  /** Sets the fields given; a new URL is checked as on create. */
  public Future<WebhookEndpoint> update(Actor actor, UpdateWebhookEndpoint request, Trace trace) {
    return requireAdmin(actor, request.id()).compose(v -> {
      String url = request.url() == null ? null : targets.checkUrl(request.url()).toString();
      return Idempotency.once(pool, trace, tx -> WebhookStore.update(tx, actor.customerId(), request.id(), url,
              request.eventTypes(), request.description(), request.enabled(), Timestamps.now())
          .map(found -> found(found, request.id())), WebhookEndpoint::toJson, WebhookEndpoint::fromJson);
    });
  }

  /** Soft-deletes the endpoint: gone from lists, lookups and deliveries; deleting it again is 404. */
  public Future<WebhookEndpoint> delete(Actor actor, UUID id, Trace trace) {
    return requireAdmin(actor, id).compose(v -> Idempotency.once(pool, trace,
        tx -> WebhookStore.delete(tx, actor.customerId(), id, Timestamps.now()).map(found -> found(found, id)),
        WebhookEndpoint::toJson, WebhookEndpoint::fromJson));
  }

  /** A new secret for the endpoint, answered once; the old one signs nothing more. */
  public Future<WebhookEndpoint> rotate(Actor actor, UUID id, Trace trace) {
    return requireAdmin(actor, id).compose(v -> Idempotency.once(pool, trace,
        tx -> WebhookStore.rotate(tx, actor.customerId(), id, WebhookSignature.newSecret(), Timestamps.now())
            .map(found -> found(found, id)),
        WebhookEndpoint::toJson, WebhookEndpoint::fromJson));
  }

  /**
   * For webhook-service: the customer's enabled live endpoints with their secrets, and its own webhook when its uri
   * is set. An unknown or deleted customer has neither.
   */
  public Future<ActiveWebhooks> active(UUID customerId) {
    return WebhookStore.active(pool, customerId)
        .compose(endpoints -> WebhookStore.customerWebhook(pool, customerId)
            .map(hook -> new ActiveWebhooks(customerId, endpoints, hook.orElse(null))));
  }

  /**
   * For webhook-service: stores its delivery attempts in one statement (attempts naming a deleted or unknown endpoint
   * are dropped); how many were stored. A redelivered request stores nothing twice (its stored result answers).
   */
  public Future<DeliveriesRecorded> recordDeliveries(RecordDeliveries request, Trace trace) {
    if (request.deliveries().isEmpty()) {
      return Future.succeededFuture(new DeliveriesRecorded(0));
    }
    return Idempotency.once(pool, trace, tx -> WebhookStore.record(tx, request.deliveries(), Timestamps.now())
        .map(DeliveriesRecorded::new), DeliveriesRecorded::toJson, DeliveriesRecorded::fromJson);
  }

  /** An endpoint's delivery log, newest first: the endpoint must be a live one of the actor's customer. */
  public Future<Page<WebhookDelivery>> deliveries(Actor actor, ByIdPaged request) {
    PageRequest page = request.page();
    return get(actor, request.id()).compose(endpoint -> WebhookStore.deliveries(pool, endpoint.id(), page))
        .map(rows -> page.page(rows, WebhookDelivery::tmCreate, WebhookDelivery::id));
  }

  /**
   * For webhook-service: parks an event it gave up on for a live endpoint (404 when the endpoint is deleted or
   * unknown: nothing to replay to). Parking it again changes nothing and answers the entry as it is.
   */
  public Future<WebhookParked> park(ParkEvent request, Trace trace) {
    return Idempotency.once(pool, trace, tx -> WebhookStore.park(tx, request, Timestamps.now())
        .compose(made -> made.isPresent() ? Future.succeededFuture(made.get())
            : WebhookStore.parkedByEvent(tx, request.endpointId(), request.eventId())
                .map(found -> found.orElseThrow(() -> notFound(request.endpointId())))),
        WebhookParked::toJson, WebhookParked::fromJson);
  }

  /** An endpoint's parked events, newest first: the endpoint must be a live one of the actor's customer. */
  public Future<Page<WebhookParked>> parked(Actor actor, ByIdPaged request) {
    PageRequest page = request.page();
    return get(actor, request.id()).compose(endpoint -> WebhookStore.parked(pool, endpoint.id(), page))
        .map(rows -> page.page(rows, WebhookParked::tmCreate, WebhookParked::id,
            parked -> parked.toJson().toBuffer().length()));
  }

  /**
   * Asks webhook-service to deliver a parked event again: sets its {@code tm_replay} and, in the same transaction,
   * appends {@code webhook_replay_requested} {@code {endpoint_id, parked_id, event}} to the endpoint's own stream, so
   * the request is relayed like every event (never lost, never to a WebSocket client). Each replay asks again.
   */
  public Future<WebhookParked> replay(Actor actor, ParkedRef request, Trace trace) {
    return requireAdmin(actor, request).compose(v -> Idempotency.once(pool, trace,
        tx -> WebhookStore.locked(tx, actor.customerId(), request.endpointId())
            .map(found -> found(found, request.endpointId()))
            .compose(endpoint -> WebhookStore.replay(tx, endpoint.id(), request.parkedId(), Timestamps.now()))
            .map(found -> found.orElseThrow(() -> TalkException.notFound("PARKED_EVENT_NOT_FOUND",
                "no parked event %s of endpoint %s", request.parkedId(), request.endpointId())))
            .compose(parked -> Outbox.appendToEndpoint(tx, actor.customerId(), parked.endpointId(),
                EventType.WEBHOOK_REPLAY_REQUESTED, new JsonObject().put("endpoint_id", parked.endpointId().toString())
                    .put("parked_id", parked.id().toString()).put("event", parked.event()), trace).map(parked)),
        WebhookParked::toJson, WebhookParked::fromJson));
  }

  /** The admins of the customer, as {@code customer.update} decides (VoIPBIN's CustomerAdmin). */
  private static Future<Void> requireAdmin(Actor actor) {
    return actor.isAdmin() ? Future.succeededFuture() : Future.failedFuture(adminRequired());
  }

  /**
   * Passes for the customer's admins. Anyone else is refused 403 ADMIN_REQUIRED for an endpoint of its own customer,
   * and 404 for any other id, as an admin would be: another customer's ids are not found, whoever asks.
   */
  private Future<Void> requireAdmin(Actor actor, UUID id) {
    if (actor.isAdmin()) {
      return Future.succeededFuture();
    }
    return WebhookStore.byId(pool, actor.customerId(), id)
        .compose(found -> Future.failedFuture(found.isPresent() ? adminRequired() : notFound(id)));
  }

  /** The same for one parked event: 403 only when it is a parked event of the actor's own customer. */
  private Future<Void> requireAdmin(Actor actor, ParkedRef ref) {
    if (actor.isAdmin()) {
      return Future.succeededFuture();
    }
    return WebhookStore.parkedExists(pool, actor.customerId(), ref.endpointId(), ref.parkedId())
        .compose(found -> Future.failedFuture(found ? adminRequired() : notFound(ref.endpointId())));
  }

  private static TalkException adminRequired() {
    return TalkException.denied("ADMIN_REQUIRED", "only a customer admin may manage the customer's webhook endpoints");
  }

  private static WebhookEndpoint found(Optional<WebhookEndpoint> found, UUID id) {
    return found.orElseThrow(() -> notFound(id));
  }

  private static TalkException notFound(UUID id) {
    return TalkException.notFound("WEBHOOK_ENDPOINT_NOT_FOUND", "webhook endpoint %s not found", id);
  }
}
