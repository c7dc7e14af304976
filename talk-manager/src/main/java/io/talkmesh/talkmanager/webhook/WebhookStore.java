package io.talkmesh.talkmanager.webhook;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.ActiveWebhooks;
import io.talkmesh.common.model.WebhookDelivery;
import io.talkmesh.common.model.WebhookEndpoint;
import io.talkmesh.common.model.WebhookParked;
import io.talkmesh.common.request.webhook.ParkEvent;
import io.talkmesh.common.request.webhook.RecordDeliveries;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Keyset;
import io.talkmesh.talkmanager.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of the webhook endpoints table. Reads select no secret; only insert and rotation return it. */
final class WebhookStore {
  static final String COLUMNS = "id, customer_id, url, event_types, description, enabled, tm_create, tm_update, tm_delete";
  static final String WITH_SECRET = COLUMNS + ", secret";
  /** The customer's row, locked: endpoints of one customer are created one at a time, so the count holds. */
  static final String LOCK_CUSTOMER = "SELECT id FROM customers WHERE id = $1 AND tm_delete IS NULL FOR UPDATE";
  static final String COUNT = "SELECT count(*) AS n FROM talk_webhook_endpoints WHERE customer_id = $1 AND tm_delete IS NULL";
  static final String INSERT = "INSERT INTO talk_webhook_endpoints (id, customer_id, url, event_types, description,"
      + " enabled, secret, tm_create, tm_update) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING " + WITH_SECRET;
  static final String BY_ID = "SELECT " + COLUMNS + " FROM talk_webhook_endpoints"
      + " WHERE id = $1 AND customer_id = $2 AND tm_delete IS NULL";
  static final Keyset LIST = Keyset.of("SELECT " + COLUMNS + " FROM talk_webhook_endpoints"
      + " WHERE customer_id = $1 AND tm_delete IS NULL", "tm_create", "id");
  /** A null parameter leaves its column as it is. */
  static final String UPDATE = "UPDATE talk_webhook_endpoints SET url = coalesce($3, url),"
      + " event_types = coalesce($4, event_types), description = coalesce($5, description),"
      + " enabled = coalesce($6, enabled), tm_update = $7"
      + " WHERE id = $1 AND customer_id = $2 AND tm_delete IS NULL RETURNING " + COLUMNS;
  static final String DELETE = "UPDATE talk_webhook_endpoints SET tm_delete = $3, tm_update = $3"
      + " WHERE id = $1 AND customer_id = $2 AND tm_delete IS NULL RETURNING " + COLUMNS;
  static final String ROTATE = "UPDATE talk_webhook_endpoints SET secret = $3, tm_update = $4"
      + " WHERE id = $1 AND customer_id = $2 AND tm_delete IS NULL RETURNING " + WITH_SECRET;
  /** Every enabled live endpoint of the customer, oldest first (a customer has at most 20). */
  static final String ACTIVE = "SELECT id, url, event_types, secret FROM talk_webhook_endpoints"
      + " WHERE customer_id = $1 AND tm_delete IS NULL AND enabled ORDER BY tm_create, id";
  static final String CUSTOMER_WEBHOOK = "SELECT webhook_method, webhook_uri FROM customers WHERE id = $1"
      + " AND tm_delete IS NULL";

  /**
   * The attempts of a report as one statement over parallel arrays; the join keeps those of live endpoints only. Each
   * row's time is the report's, plus its position in microseconds, so a log reads in the order reported.
   */
  static final String RECORD = "INSERT INTO talk_webhook_deliveries (id, endpoint_id, event_id, event_type, chat_id,"
      + " seq, attempt, outcome, status_code, error, latency_ms, next_retry_at, tm_create)"
      + " SELECT gen_random_uuid(), d.endpoint_id, d.event_id, d.event_type, d.chat_id, d.seq, d.attempt, d.outcome,"
      + " d.status_code, d.error, d.latency_ms, d.next_retry_at, $12::timestamptz + d.n * interval '1 microsecond'"
      + " FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::bigint[], $6::int[], $7::text[], $8::int[],"
      + " $9::text[], $10::bigint[], $11::timestamptz[]) WITH ORDINALITY AS d (endpoint_id, event_id, event_type,"
      + " chat_id, seq, attempt, outcome, status_code, error, latency_ms, next_retry_at, n)"
      + " JOIN talk_webhook_endpoints e ON e.id = d.endpoint_id AND e.tm_delete IS NULL";
  static final String DELIVERY_COLUMNS = "id, endpoint_id, event_id, event_type, chat_id, seq, attempt, outcome,"
      + " status_code, error, latency_ms, next_retry_at, tm_create";
  static final Keyset DELIVERIES = Keyset.of("SELECT " + DELIVERY_COLUMNS + " FROM talk_webhook_deliveries"
      + " WHERE endpoint_id = $1", "tm_create", "id");

  static final String PARKED_COLUMNS = "id, endpoint_id, event_id, event, reason, attempts, tm_create, tm_replay";
  /** A live endpoint's event parked once: a second park inserts nothing (and {@link #PARKED_BY_EVENT} reads it). */
  static final String PARK = "INSERT INTO talk_webhook_parked (id, endpoint_id, event_id, event, reason, attempts,"
      + " tm_create) SELECT $1, e.id, $3, $4, $5, $6, $7 FROM talk_webhook_endpoints e"
      + " WHERE e.id = $2 AND e.tm_delete IS NULL"
      + " ON CONFLICT (endpoint_id, event_id) DO NOTHING RETURNING " + PARKED_COLUMNS;
  static final String PARKED_BY_EVENT = "SELECT " + PARKED_COLUMNS + " FROM talk_webhook_parked"
      + " WHERE endpoint_id = $1 AND event_id = $2";
  static final Keyset PARKED = Keyset.of("SELECT " + PARKED_COLUMNS + " FROM talk_webhook_parked"
      + " WHERE endpoint_id = $1", "tm_create", "id");
  static final String REPLAY = "UPDATE talk_webhook_parked SET tm_replay = $3 WHERE id = $2 AND endpoint_id = $1"
      + " RETURNING " + PARKED_COLUMNS;
  static final String PARKED_OF_CUSTOMER = "SELECT p.id FROM talk_webhook_parked p JOIN talk_webhook_endpoints e"
      + " ON e.id = p.endpoint_id WHERE p.id = $1 AND p.endpoint_id = $2 AND e.customer_id = $3 AND e.tm_delete IS NULL";
  /** A live endpoint of the customer, locked: its replays are numbered in its stream one at a time. */
  static final String LOCKED = BY_ID + " FOR UPDATE";

  private WebhookStore() {
  }

  static WebhookEndpoint fromRow(Row row) {
    return new WebhookEndpoint(row.getUUID("id"), row.getUUID("customer_id"), row.getString("url"),
        Arrays.asList(row.getArrayOfStrings("event_types")), row.getString("description"), row.getBoolean("enabled"),
        row.getColumnIndex("secret") >= 0 ? row.getString("secret") : null,
        Database.instant(row.getOffsetDateTime("tm_create")), Database.instant(row.getOffsetDateTime("tm_update")),
        Database.instant(row.getOffsetDateTime("tm_delete")));
  }

  static WebhookDelivery deliveryFromRow(Row row) {
    Long seq = row.getLong("seq");
    Integer status = row.getInteger("status_code");
    return new WebhookDelivery(row.getUUID("id"), row.getUUID("endpoint_id"), row.getUUID("event_id"),
        row.getString("event_type"), row.getUUID("chat_id"), seq == null ? 0 : seq, row.getInteger("attempt"),
        row.getString("outcome"), status == null ? 0 : status, row.getString("error"), row.getLong("latency_ms"),
        Database.instant(row.getOffsetDateTime("next_retry_at")), Database.instant(row.getOffsetDateTime("tm_create")));
  }

  /** Stores the attempts of live endpoints; the number stored. */
  static Future<Integer> record(SqlClient sql, List<RecordDeliveries.Attempt> attempts, Instant now) {
    int n = attempts.size();
    UUID[] endpoints = new UUID[n];
    UUID[] events = new UUID[n];
    String[] types = new String[n];
    UUID[] chats = new UUID[n];
    Long[] seqs = new Long[n];
    Integer[] numbers = new Integer[n];
    String[] outcomes = new String[n];
    Integer[] statuses = new Integer[n];
    String[] errors = new String[n];
    Long[] latencies = new Long[n];
    OffsetDateTime[] retries = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      RecordDeliveries.Attempt a = attempts.get(i);
      endpoints[i] = a.endpointId();
      events[i] = a.eventId();
      types[i] = a.eventType();
      chats[i] = a.chatId();
      seqs[i] = a.seq();
      numbers[i] = a.attempt();
      outcomes[i] = a.outcome();
      statuses[i] = a.statusCode();
      errors[i] = a.error();
      latencies[i] = a.latencyMs();
      retries[i] = a.nextRetryAt() == null ? null : Database.time(a.nextRetryAt());
    }
    return sql.preparedQuery(RECORD)
        .execute(Tuple.tuple().addArrayOfUUID(endpoints).addArrayOfUUID(events).addArrayOfString(types)
            .addArrayOfUUID(chats).addArrayOfLong(seqs).addArrayOfInteger(numbers).addArrayOfString(outcomes)
            .addArrayOfInteger(statuses).addArrayOfString(errors).addArrayOfLong(latencies)
            .addArrayOfOffsetDateTime(retries).addOffsetDateTime(Database.time(now)))
        .map(rows -> rows.rowCount());
  }

  static Future<List<WebhookDelivery>> deliveries(SqlClient sql, UUID endpointId, PageRequest page) {
    return DELIVERIES.list(sql, Tuple.of(endpointId), page, WebhookStore::deliveryFromRow);
  }

  static WebhookParked parkedFromRow(Row row) {
    return new WebhookParked(row.getUUID("id"), row.getUUID("endpoint_id"), row.getUUID("event_id"),
        row.getJsonObject("event"), row.getString("reason"), row.getInteger("attempts"),
        Database.instant(row.getOffsetDateTime("tm_create")), Database.instant(row.getOffsetDateTime("tm_replay")));
  }

  /** The parked entry: the one just made, or empty when the event was parked already or the endpoint is not live. */
  static Future<Optional<WebhookParked>> park(SqlClient sql, ParkEvent p, Instant now) {
    return sql.preparedQuery(PARK).mapping(WebhookStore::parkedFromRow)
        .execute(Tuple.of(UUID.randomUUID(), p.endpointId(), p.eventId(), p.event(), p.reason(), p.attempts(),
            Database.time(now)))
        .map(Rows::first);
  }

  static Future<Optional<WebhookParked>> parkedByEvent(SqlClient sql, UUID endpointId, UUID eventId) {
    return sql.preparedQuery(PARKED_BY_EVENT).mapping(WebhookStore::parkedFromRow)
        .execute(Tuple.of(endpointId, eventId)).map(Rows::first);
  }

  static Future<List<WebhookParked>> parked(SqlClient sql, UUID endpointId, PageRequest page) {
    return PARKED.list(sql, Tuple.of(endpointId), page, WebhookStore::parkedFromRow);
  }

  /** Whether the parked event is one of this live endpoint of the customer. */
  static Future<Boolean> parkedExists(SqlClient sql, UUID customerId, UUID endpointId, UUID parkedId) {
    return sql.preparedQuery(PARKED_OF_CUSTOMER).execute(Tuple.of(parkedId, endpointId, customerId))
        .map(rows -> rows.size() == 1);
  }

  static Future<Optional<WebhookParked>> replay(SqlClient sql, UUID endpointId, UUID parkedId, Instant now) {
    return sql.preparedQuery(REPLAY).mapping(WebhookStore::parkedFromRow)
        .execute(Tuple.of(endpointId, parkedId, Database.time(now))).map(Rows::first);
  }

  static Future<Optional<WebhookEndpoint>> locked(SqlClient sql, UUID customerId, UUID id) {
    return sql.preparedQuery(LOCKED).mapping(WebhookStore::fromRow).execute(Tuple.of(id, customerId)).map(Rows::first);
  }

  /** Locks the live customer's row; false when it is deleted or unknown. */
  static Future<Boolean> lockCustomer(SqlClient sql, UUID customerId) {
    return sql.preparedQuery(LOCK_CUSTOMER).execute(Tuple.of(customerId)).map(rows -> rows.size() == 1);
  }

  static Future<Long> count(SqlClient sql, UUID customerId) {
    return sql.preparedQuery(COUNT).execute(Tuple.of(customerId)).map(rows -> rows.iterator().next().getLong("n"));
  }

  static Future<WebhookEndpoint> insert(SqlClient sql, UUID id, UUID customerId, String url, List<String> eventTypes,
                                        String description, boolean enabled, String secret, Instant now) {
    return sql.preparedQuery(INSERT).mapping(WebhookStore::fromRow)
        .execute(Tuple.tuple().addUUID(id).addUUID(customerId).addString(url)
            .addArrayOfString(eventTypes.toArray(String[]::new)).addString(description).addBoolean(enabled)
            .addString(secret).addOffsetDateTime(Database.time(now)))
        .map(Rows::one);
  }

  static Future<Optional<WebhookEndpoint>> byId(SqlClient sql, UUID customerId, UUID id) {
    return sql.preparedQuery(BY_ID).mapping(WebhookStore::fromRow).execute(Tuple.of(id, customerId)).map(Rows::first);
  }

  static Future<List<WebhookEndpoint>> list(SqlClient sql, UUID customerId, PageRequest page) {
    return LIST.list(sql, Tuple.of(customerId), page, WebhookStore::fromRow);
  }

  static Future<Optional<WebhookEndpoint>> update(SqlClient sql, UUID customerId, UUID id, String url,
                                                  List<String> eventTypes, String description, Boolean enabled,
                                                  Instant now) {
    return sql.preparedQuery(UPDATE).mapping(WebhookStore::fromRow)
        .execute(Tuple.tuple().addUUID(id).addUUID(customerId).addString(url)
            .addArrayOfString(eventTypes == null ? null : eventTypes.toArray(String[]::new)).addString(description)
            .addBoolean(enabled).addOffsetDateTime(Database.time(now)))
        .map(Rows::first);
  }

  static Future<Optional<WebhookEndpoint>> delete(SqlClient sql, UUID customerId, UUID id, Instant now) {
    return sql.preparedQuery(DELETE).mapping(WebhookStore::fromRow)
        .execute(Tuple.of(id, customerId, Database.time(now))).map(Rows::first);
  }

  static Future<Optional<WebhookEndpoint>> rotate(SqlClient sql, UUID customerId, UUID id, String secret, Instant now) {
    return sql.preparedQuery(ROTATE).mapping(WebhookStore::fromRow)
        .execute(Tuple.of(id, customerId, secret, Database.time(now))).map(Rows::first);
  }

  static Future<List<ActiveWebhooks.Endpoint>> active(SqlClient sql, UUID customerId) {
    return sql.preparedQuery(ACTIVE)
        .mapping(row -> new ActiveWebhooks.Endpoint(row.getUUID("id"), row.getString("url"),
            new LinkedHashSet<>(Arrays.asList(row.getArrayOfStrings("event_types"))), row.getString("secret")))
        .execute(Tuple.of(customerId)).map(Rows::list);
  }

  /** The live customer's own webhook when its uri is set; empty otherwise. */
  static Future<Optional<ActiveWebhooks.CustomerWebhook>> customerWebhook(SqlClient sql, UUID customerId) {
    return sql.preparedQuery(CUSTOMER_WEBHOOK).execute(Tuple.of(customerId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      String uri = row.getString("webhook_uri");
      if (uri == null || uri.isEmpty()) {
        return Optional.empty();
      }
      String method = row.getString("webhook_method");
      return Optional.of(new ActiveWebhooks.CustomerWebhook(method == null || method.isEmpty() ? "POST" : method, uri));
    });
  }
}
