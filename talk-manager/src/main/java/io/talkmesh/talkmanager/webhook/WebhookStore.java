package io.talkmesh.talkmanager.webhook;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.ActiveWebhooks;
import io.talkmesh.common.model.WebhookEndpoint;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Keyset;
import io.talkmesh.talkmanager.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
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

  private WebhookStore() {
  }

  static WebhookEndpoint fromRow(Row row) {
    return new WebhookEndpoint(row.getUUID("id"), row.getUUID("customer_id"), row.getString("url"),
        Arrays.asList(row.getArrayOfStrings("event_types")), row.getString("description"), row.getBoolean("enabled"),
        row.getColumnIndex("secret") >= 0 ? row.getString("secret") : null,
        Database.instant(row.getOffsetDateTime("tm_create")), Database.instant(row.getOffsetDateTime("tm_update")),
        Database.instant(row.getOffsetDateTime("tm_delete")));
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
