package io.talkmesh.talkmanager.customer;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Customer;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.request.customer.CreateCustomer;
import io.talkmesh.common.request.customer.CustomerChanges;
import io.talkmesh.common.request.customer.UpdateCustomer;
import io.talkmesh.common.request.customer.UpdateMyCustomer;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.talkmanager.agent.AgentService;
import io.talkmesh.talkmanager.agent.Passwords;
import io.talkmesh.talkmanager.idempotency.Idempotency;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customers' rules. The platform operator (the agent {@code TALK_PLATFORM_ADMIN_USERNAME} of the platform
 * customer, permission PROJECT_SUPER_ADMIN) lists, creates, reads, changes and deletes every customer; nobody else
 * may, a customer's admin included. Every agent reads its own customer; its admins change it.
 *
 * <p>The operator is an agent of the platform customer only: every other route scopes by the actor's customer, so it
 * reads no customer's chats, messages or agents.
 */
public final class CustomerService {
  private static final Logger LOG = LoggerFactory.getLogger(CustomerService.class);
  private static final int MAX_USERNAME = 255;
  private static final long OPERATOR = Permission.PROJECT_SUPER_ADMIN.bit();

  private final Pool pool;
  private final Passwords passwords;
  private final boolean operatorConfigured;

  /**
   * @param operatorConfigured whether {@code TALK_PLATFORM_ADMIN_USERNAME} is set: when not, no platform operator
   *                           exists and the customers routes refuse everyone
   */
  public CustomerService(Pool pool, Passwords passwords, boolean operatorConfigured) {
    this.pool = pool;
    this.passwords = passwords;
    this.operatorConfigured = operatorConfigured;
  }

  public Future<Page<Customer>> list(Actor actor, PageRequest page) {
    return requireOperator(pool, actor).compose(v -> CustomerStore.list(pool, page))
        .map(customers -> page.page(customers, Customer::tmCreate, Customer::id));
  }

  /**
   * A new customer; with {@code admin_username} / {@code admin_password}, its first admin in the same transaction
   * (a taken username creates nothing: 409 USERNAME_TAKEN).
   */
  public Future<Customer> create(Actor actor, CreateCustomer request, Trace trace) {
    return requireOperator(pool, actor).compose(v -> {
      CustomerChanges fields = CustomerBounds.check(request.fields());
      if (!request.withAdmin()) {
        return Idempotency.once(pool, trace, tx -> CustomerStore.insert(tx, UUID.randomUUID(), fields, Timestamps.now()),
            Customer::toJson, Customer::fromJson);
      }
      Fields.limited("admin_username", request.adminUsername(), MAX_USERNAME);
      if (request.adminPassword().getBytes(StandardCharsets.UTF_8).length > Passwords.MAX_BYTES) {
        throw TalkException.invalid("PASSWORD_TOO_LONG", "admin_password is longer than %d bytes", Passwords.MAX_BYTES);
      }
      return passwords.hash(request.adminPassword()).compose(hash -> Idempotency.once(pool, trace,
          tx -> CustomerStore.insert(tx, UUID.randomUUID(), fields, Timestamps.now())
              .compose(customer -> AgentService.insertFirstAdmin(tx, customer.id(), request.adminUsername(), hash)
                  .map(customer)),
          Customer::toJson, Customer::fromJson));
    });
  }

  /** Any customer, a deleted one too (with its {@code tm_delete}). */
  public Future<Customer> get(Actor actor, UUID id) {
    return requireOperator(pool, actor).compose(v -> CustomerStore.byId(pool, id))
        .map(found -> found.orElseThrow(() -> notFound(id)));
  }

  public Future<Customer> update(Actor actor, UpdateCustomer request, Trace trace) {
    return requireOperator(pool, actor)
        .compose(v -> change(request.id(), CustomerBounds.check(request.changes()), trace));
  }

  /**
   * Soft-deletes the customer and, in the same transaction, every live agent of it: they can no longer log in (and
   * the tokens of a soft-deleted agent are refused where that is enforced). Deleting a deleted customer answers it
   * as it is; the platform customer is never deleted (409 PLATFORM_CUSTOMER).
   */
  public Future<Customer> delete(Actor actor, UUID id, Trace trace) {
    return requireOperator(pool, actor).compose(v -> Idempotency.once(pool, trace, tx -> CustomerStore.locked(tx, id)
        .compose(found -> {
          Customer customer = found.orElseThrow(() -> notFound(id));
          if (customer.platform()) {
            throw new TalkException(Status.FAILED_PRECONDITION, "PLATFORM_CUSTOMER",
                "the platform customer cannot be deleted");
          }
          if (customer.deleted()) {
            return Future.succeededFuture(customer);
          }
          return CustomerStore.delete(tx, id, Timestamps.now())
              .compose(deleted -> AgentService.deleteAllOf(tx, id)
                  .onSuccess(n -> LOG.info("deleted customer {} and its {} agent(s)", id, n))
                  .map(deleted));
        }), Customer::toJson, Customer::fromJson));
  }

  /** The actor's own customer: any of its agents may read it. */
  public Future<Customer> mine(Actor actor) {
    return CustomerStore.byId(pool, actor.customerId()).map(found -> found.orElseThrow(() -> notFound(actor.customerId())));
  }

  /** Changes the actor's own customer: its admins only (VoIPBIN's CustomerAdmin). */
  public Future<Customer> updateMine(Actor actor, UpdateMyCustomer request, Trace trace) {
    if (!actor.isAdmin()) {
      return Future.failedFuture(TalkException.denied("ADMIN_REQUIRED", "only a customer admin may change the customer"));
    }
    CustomerChanges changes = CustomerBounds.check(request.changes());
    return change(actor.customerId(), changes, trace);
  }

  private Future<Customer> change(UUID id, CustomerChanges changes, Trace trace) {
    return Idempotency.once(pool, trace, tx -> CustomerStore.locked(tx, id).compose(found -> {
      Customer customer = found.orElseThrow(() -> notFound(id));
      if (customer.deleted()) {
        throw new TalkException(Status.FAILED_PRECONDITION, "CUSTOMER_DELETED", "customer " + id + " is deleted");
      }
      return CustomerStore.update(tx, id, changes, Timestamps.now());
    }), Customer::toJson, Customer::fromJson);
  }

  /**
   * The platform operator or 403 PLATFORM_OPERATOR_REQUIRED: none is configured on this instance, or the actor is
   * not a live agent of the platform customer holding PROJECT_SUPER_ADMIN (checked in the database, not only in the
   * token, so an operator replaced at a restart is refused at once).
   */
  private Future<Void> requireOperator(SqlClient sql, Actor actor) {
    if (!operatorConfigured || !Customer.PLATFORM_ID.equals(actor.customerId())
        || !Agent.OWNER_TYPE.equals(actor.ownerType()) || !Permission.PROJECT_SUPER_ADMIN.grantedTo(actor.permission())) {
      return Future.failedFuture(operatorRequired());
    }
    return AgentService.holds(sql, Customer.PLATFORM_ID, actor.ownerId(), OPERATOR)
        .compose(ok -> ok ? Future.<Void>succeededFuture() : Future.failedFuture(operatorRequired()));
  }

  private static TalkException operatorRequired() {
    return TalkException.denied("PLATFORM_OPERATOR_REQUIRED", "only the platform operator may manage customers");
  }

  private static TalkException notFound(UUID id) {
    return TalkException.notFound("CUSTOMER_NOT_FOUND", "customer %s not found", id);
  }
}
