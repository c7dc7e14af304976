package io.talkmesh.talkmanager.customer;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Customer;
import io.talkmesh.common.request.customer.CustomerChanges;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.Keyset;
import io.talkmesh.talkmanager.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of the customers table. */
final class CustomerStore {
  static final String COLUMNS = "id, name, detail, email, phone_number, address, webhook_method, webhook_uri,"
      + " tm_create, tm_update, tm_delete";
  static final String INSERT = "INSERT INTO customers (id, name, detail, email, phone_number, address, webhook_method,"
      + " webhook_uri, tm_create, tm_update) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING " + COLUMNS;
  /** The platform customer, made once whatever the number of instances starting together. */
  static final String ENSURE_PLATFORM = "INSERT INTO customers (id, name, detail, tm_create, tm_update)"
      + " VALUES ($1, 'platform', 'the platform operator''s own customer', $2, $2) ON CONFLICT (id) DO NOTHING";
  static final String BY_ID = "SELECT " + COLUMNS + " FROM customers WHERE id = $1";
  static final String LOCKED = BY_ID + " FOR UPDATE";
  static final Keyset LIST = Keyset.of("SELECT " + COLUMNS + " FROM customers WHERE tm_delete IS NULL",
      "tm_create", "id");
  /** A null parameter leaves its column as it is. */
  static final String UPDATE = "UPDATE customers SET name = coalesce($2, name), detail = coalesce($3, detail),"
      + " email = coalesce($4, email), phone_number = coalesce($5, phone_number), address = coalesce($6, address),"
      + " webhook_method = coalesce($7, webhook_method), webhook_uri = coalesce($8, webhook_uri), tm_update = $9"
      + " WHERE id = $1 RETURNING " + COLUMNS;
  static final String DELETE = "UPDATE customers SET tm_delete = $2, tm_update = $2 WHERE id = $1 RETURNING " + COLUMNS;
  /** Serialises the platform operator's start-up set-up across instances. */
  static final String OPERATOR_LOCK = "SELECT pg_advisory_xact_lock(7312002)";

  private CustomerStore() {
  }

  static Customer fromRow(Row row) {
    return new Customer(row.getUUID("id"), row.getString("name"), row.getString("detail"), row.getString("email"),
        row.getString("phone_number"), row.getString("address"), row.getString("webhook_method"),
        row.getString("webhook_uri"), Database.instant(row.getOffsetDateTime("tm_create")),
        Database.instant(row.getOffsetDateTime("tm_update")), Database.instant(row.getOffsetDateTime("tm_delete")));
  }

  static Future<Customer> insert(SqlClient sql, UUID id, CustomerChanges c, Instant now) {
    return sql.preparedQuery(INSERT).mapping(CustomerStore::fromRow)
        .execute(Tuple.tuple().addUUID(id).addString(c.name()).addString(c.detail()).addString(c.email())
            .addString(c.phoneNumber()).addString(c.address()).addString(c.webhookMethod()).addString(c.webhookUri())
            .addOffsetDateTime(Database.time(now)))
        .map(Rows::one);
  }

  static Future<Void> ensurePlatform(SqlClient sql, Instant now) {
    return sql.preparedQuery(ENSURE_PLATFORM).execute(Tuple.of(Customer.PLATFORM_ID, Database.time(now))).mapEmpty();
  }

  static Future<Optional<Customer>> byId(SqlClient sql, UUID id) {
    return sql.preparedQuery(BY_ID).mapping(CustomerStore::fromRow).execute(Tuple.of(id)).map(Rows::first);
  }

  /** The customer row, locked until the transaction ends. */
  static Future<Optional<Customer>> locked(SqlClient sql, UUID id) {
    return sql.preparedQuery(LOCKED).mapping(CustomerStore::fromRow).execute(Tuple.of(id)).map(Rows::first);
  }

  static Future<List<Customer>> list(SqlClient sql, PageRequest page) {
    return LIST.list(sql, Tuple.tuple(), page, CustomerStore::fromRow);
  }

  static Future<Customer> update(SqlClient sql, UUID id, CustomerChanges c, Instant now) {
    return sql.preparedQuery(UPDATE).mapping(CustomerStore::fromRow)
        .execute(Tuple.tuple().addUUID(id).addString(c.name()).addString(c.detail()).addString(c.email())
            .addString(c.phoneNumber()).addString(c.address()).addString(c.webhookMethod()).addString(c.webhookUri())
            .addOffsetDateTime(Database.time(now)))
        .map(Rows::one);
  }

  static Future<Customer> delete(SqlClient sql, UUID id, Instant now) {
    return sql.preparedQuery(DELETE).mapping(CustomerStore::fromRow).execute(Tuple.of(id, Database.time(now)))
        .map(Rows::one);
  }
}
