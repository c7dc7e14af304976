package io.talkmesh.talkmanager.agent;

import io.talkmesh.common.model.Presence;
import io.talkmesh.talkmanager.presence.PresenceService;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.auth.AccessState;
import io.talkmesh.common.error.Status;
import io.talkmesh.common.request.agent.CreateAgent;
import io.talkmesh.common.request.agent.Login;
import io.talkmesh.common.request.agent.SetMyPassword;
import io.talkmesh.common.request.agent.SetMyStatus;
import io.talkmesh.common.request.agent.SetPassword;
import io.talkmesh.common.request.agent.SetPermission;
import io.talkmesh.common.request.agent.SetStatus;
import io.talkmesh.common.request.agent.UpdateAgent;
import io.talkmesh.common.request.agent.UpdateMe;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.talkmanager.idempotency.Idempotency;
import io.talkmesh.talkmanager.db.DatabaseErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent directory's rules: login, the first admin, agents created, changed and deleted by their customer's
 * admins, an agent's changes to itself, and the access state gateways and push instances check tokens against.
 * Another customer's agent is AGENT_NOT_FOUND, as a deleted one. A change of access (password, permission, delete)
 * appends the agent's new access state to the access outbox in its own statement ({@link AgentStore#accessChange}).
 */
public final class AgentService {
  private static final Logger LOG = LoggerFactory.getLogger(AgentService.class);
  private static final int MAX_USERNAME = 255;
  private static final int MAX_TEXT = 4096;
  /**
   * VoIPBIN's project permission bits (PermissionProjectAll, 0x000F; PermissionProjectSuperAdmin is 0x0001): held by
   * the platform operator alone. No customer's admin may grant them, whatever route sets an agent's permission.
   */
  public static final long PROJECT_BITS = 0x0F;
  /** The unique index on live agents' usernames (migration V1): violating it means the username is taken. */
  private static final String USERNAME_INDEX = "agents_username_live";

  /** Failures within the window, and seconds since the last one, of the (username, address) pair and of the address. */
  static final String FAILURES = "SELECT p.n AS pair_failures, extract(epoch FROM now() - p.last)::float8 AS pair_since,"
      + " a.n AS address_failures, extract(epoch FROM now() - a.last)::float8 AS address_since"
      + " FROM (SELECT count(*) AS n, max(tm_create) AS last FROM talk_login_failures WHERE username = $1"
      + " AND address = $2 AND tm_create > now() - make_interval(secs => $3)) p,"
      + " (SELECT count(*) AS n, max(tm_create) AS last FROM talk_login_failures WHERE address = $2 AND $2 <> ''"
      + " AND tm_create > now() - make_interval(secs => $3)) a";
  static final String RECORD_FAILURE = "INSERT INTO talk_login_failures (username, address) VALUES ($1, $2)";
  static final String CLEAR_FAILURES = "DELETE FROM talk_login_failures WHERE username = $1 AND address = $2";

  /** The permission of a customer's first admin: admin, manager and agent, as {@link #bootstrapAdmin} gives it. */
  /** VoIPBIN's CustomerAdmin (32): an admin has every power of a manager and an agent (Actor.isManager). */
  private static final long FIRST_ADMIN = Permission.ADMIN.bit();

  private final Pool pool;
  private final Passwords passwords;
  private final LoginPolicy policy;

  public AgentService(Pool pool, Passwords passwords) {
    this(pool, passwords, LoginPolicy.DEFAULT);
  }

  public AgentService(Pool pool, Passwords passwords, LoginPolicy policy) {
    this.pool = pool;
    this.passwords = passwords;
    this.policy = policy;
  }

  /**
   * The agent with these credentials, or UNAUTHENTICATED (same answer for unknown user and wrong password), or
   * RESOURCE_EXHAUSTED {@code LOGIN_THROTTLED} with a retry-after while this (username, client address) pair or this
   * address must wait ({@link LoginPolicy}); {@code address} is the client's, given by the gateway.
   */
  public Future<Agent> login(Login request) {
    String username = Fields.limited("username", request.username(), MAX_USERNAME);
    String password = request.password();
    String address = Fields.limited("address", request.address(), 64);
    return pool.preparedQuery(FAILURES).execute(Tuple.of(username, address, policy.windowSeconds()))
        .compose(rows -> {
          var row = rows.iterator().next();
          long wait = Math.max(
              policy.waitSeconds(row.getLong("pair_failures"), since(row.getDouble("pair_since")),
                  policy.maxPerUsernameAndAddress()),
              policy.waitSeconds(row.getLong("address_failures"), since(row.getDouble("address_since")),
                  policy.maxPerAddress()));
          if (wait > 0) {
            return Future.failedFuture(TalkException.exhausted("LOGIN_THROTTLED", wait,
                "too many failed logins from this address; try again in %d s", wait));
          }
          return AgentStore.byUsername(pool, username);
        })
        .compose(found -> passwords.verify(password, found.map(AgentStore.Credentials::passwordHash).orElse(null))
            .compose(ok -> {
              if (!ok || found.isEmpty()) {
                return pool.preparedQuery(RECORD_FAILURE).execute(Tuple.of(username, address))
                    .compose(v -> Future.failedFuture(
                        TalkException.unauthenticated("INVALID_CREDENTIALS", "wrong username or password")));
              }
              return pool.preparedQuery(CLEAR_FAILURES).execute(Tuple.of(username, address))
                  .map(v -> found.get().agent());
            }));
  }

  private static double since(Double seconds) {
    return seconds == null ? Double.MAX_VALUE : seconds;
  }

  public Future<Agent> create(Actor actor, CreateAgent request, Trace trace) {
    if (!actor.isAdmin()) {
      return Future.failedFuture(TalkException.denied("ADMIN_REQUIRED", "only a customer admin may create agents"));
    }
    String username = Fields.limited("username", request.username(), MAX_USERNAME);
    String password = request.password();
    checkPassword(password);
    String name = Fields.limited("name", request.name(), MAX_TEXT);
    String detail = Fields.limited("detail", request.detail(), MAX_TEXT);
    long permission = request.permission();
    if ((permission & PROJECT_BITS) != 0) {
      return Future.failedFuture(projectPermissionRefused(permission));
    }
    return passwords.hash(password)
        .compose(hash -> Idempotency.once(pool, trace, tx -> AgentStore.insert(tx, actor.customerId(), username, hash,
            name, detail, permission, request.ringMethod(), Timestamps.now()), Agent::toJson, Agent::fromJson))
        .recover(err -> Future.failedFuture(DatabaseErrors.violates(err, USERNAME_INDEX)
            ? TalkException.alreadyExists("USERNAME_TAKEN", "username '%s' is already taken", username) : err));
  }

  private static void checkPassword(String password) {
    if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Passwords.MAX_BYTES) {
      throw TalkException.invalid("PASSWORD_TOO_LONG", "password is longer than %d bytes", Passwords.MAX_BYTES);
    }
  }

  private static TalkException notFound(UUID id) {
    return TalkException.notFound("AGENT_NOT_FOUND", "agent %s not found", id);
  }

  /**
   * Passes for the customer's admins. Anyone else is refused 403 ADMIN_REQUIRED for an agent of its own customer, and
   * 404 AGENT_NOT_FOUND for any other id (another customer's, a deleted or an unknown one), as every route answers
   * another customer's ids: the refusal tells nothing the agent list does not.
   */
  private Future<Void> requireAdmin(Actor actor, UUID id, String what) {
    if (actor.isAdmin()) {
      return Future.succeededFuture();
    }
    return AgentStore.byId(pool, actor.customerId(), id).compose(found -> Future.failedFuture(
        found.isPresent() && found.get().tmDelete() == null
            ? TalkException.denied("ADMIN_REQUIRED", "only a customer admin may %s", what) : notFound(id)));
  }

  /** A mutation of one agent of the actor's customer, idempotent per dedupe scope; nothing changed is 404. */
  private Future<Agent> change(Actor actor, UUID id, Trace trace,
                               Function<io.vertx.sqlclient.SqlConnection, Future<Optional<Agent>>> mutation) {
    return Idempotency.once(pool, trace, tx -> mutation.apply(tx).map(found -> found.orElseThrow(() -> notFound(id))),
        Agent::toJson, Agent::fromJson);
  }

  /** An admin changes an agent's name, detail or ring method. */
  public Future<Agent> update(Actor actor, UpdateAgent request, Trace trace) {
    return requireAdmin(actor, request.id(), "change agents")
        .compose(v -> updateProfile(actor, request.id(), request.name(), request.detail(), request.ringMethod(), trace));
  }

  /** The calling agent changes its own name, detail or ring method. */
  public Future<Agent> updateMe(Actor actor, UpdateMe request, Trace trace) {
    return updateProfile(actor, actor.ownerId(), request.name(), request.detail(), request.ringMethod(), trace);
  }

  private Future<Agent> updateProfile(Actor actor, UUID id, String name, String detail, String ringMethod, Trace trace) {
    String checkedName = Fields.limited("name", name, MAX_TEXT);
    String checkedDetail = Fields.limited("detail", detail, MAX_TEXT);
    return change(actor, id, trace, tx -> AgentStore.updateProfile(tx, actor.customerId(), id, checkedName,
        checkedDetail, ringMethod, Timestamps.now()));
  }

  public Future<Agent> setStatus(Actor actor, SetStatus request, Trace trace) {
    return requireAdmin(actor, request.id(), "set an agent's status").compose(v -> change(actor, request.id(), trace,
        tx -> updateStatus(tx, actor.customerId(), request.id(), request.status(), trace)));
  }

  public Future<Agent> setMyStatus(Actor actor, SetMyStatus request, Trace trace) {
    return change(actor, actor.ownerId(), trace,
        tx -> updateStatus(tx, actor.customerId(), actor.ownerId(), request.status(), trace));
  }

  /** Sets the status and, when that changes the agent's live presence, appends the presence event in the same tx. */
  private static Future<Optional<Agent>> updateStatus(io.vertx.sqlclient.SqlConnection tx, UUID customerId, UUID id,
                                                      String status, Trace trace) {
    return AgentStore.updateStatus(tx, customerId, id, status, Timestamps.now()).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.<Agent>empty());
      }
      Agent agent = found.get().agent();
      return PresenceService.statusChanged(tx, new Presence(agent.id(), agent.customerId(), agent.presence(),
              agent.status(), agent.tmPresence()), found.get().before(), found.get().online(), trace)
          .map(Optional.of(agent));
    });
  }

  /** An admin sets an agent's password: every token of that agent stops working. */
  public Future<Agent> setPassword(Actor actor, SetPassword request, Trace trace) {
    checkPassword(request.password());
    return requireAdmin(actor, request.id(), "set an agent's password")
        .compose(v -> passwords.hash(request.password())).compose(hash -> change(actor, request.id(), trace,
            tx -> AgentStore.setPassword(tx, actor.customerId(), request.id(), hash, null, Timestamps.now())));
  }

  /** The calling agent sets its password: its other tokens stop working, the one it called with keeps working. */
  public Future<Agent> setMyPassword(Actor actor, SetMyPassword request, Trace trace) {
    checkPassword(request.password());
    return passwords.hash(request.password()).compose(hash -> change(actor, actor.ownerId(), trace,
        tx -> AgentStore.setPassword(tx, actor.customerId(), actor.ownerId(), hash, actor.sessionId(),
            Timestamps.now())));
  }

  /**
   * An admin sets an agent's permission (a customer role, checked by the request); taking the admin bit from the
   * customer's last live admin is 409 LAST_ADMIN (under a per-customer lock, so two admins demoting each other at
   * once cannot both succeed).
   */
  public Future<Agent> setPermission(Actor actor, SetPermission request, Trace trace) {
    UUID id = request.id();
    return requireAdmin(actor, id, "set an agent's permission").compose(admin -> change(actor, id, trace,
        tx -> AgentStore.lockLive(tx, actor.customerId(), id).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      boolean demoted = found.get().isAdmin() && !Permission.ADMIN.grantedTo(request.permission());
      Future<Void> allowed = demoted ? keepsAnAdmin(tx, actor.customerId(), id) : Future.succeededFuture();
      return allowed.compose(v -> AgentStore.setPermission(tx, actor.customerId(), id, request.permission(),
          Timestamps.now()));
    })));
  }

  /**
   * An admin soft-deletes an agent of its customer: its tokens stop working everywhere and its sessions close. An
   * admin cannot delete itself (409 CANNOT_DELETE_SELF), nor the customer's last live admin (409 LAST_ADMIN).
   */
  public Future<Agent> delete(Actor actor, UUID id, Trace trace) {
    return requireAdmin(actor, id, "delete agents").compose(v -> deleteAsAdmin(actor, id, trace));
  }

  private Future<Agent> deleteAsAdmin(Actor actor, UUID id, Trace trace) {
    if (id.equals(actor.ownerId())) {
      return Future.failedFuture(new TalkException(Status.FAILED_PRECONDITION, "CANNOT_DELETE_SELF",
          "an admin cannot delete itself: another admin of the customer may"));
    }
    return change(actor, id, trace, tx -> AgentStore.lockLive(tx, actor.customerId(), id).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      Future<Void> allowed = found.get().isAdmin() ? keepsAnAdmin(tx, actor.customerId(), id) : Future.succeededFuture();
      return allowed.compose(v -> AgentStore.delete(tx, actor.customerId(), id, Timestamps.now()));
    }));
  }

  private static Future<Void> keepsAnAdmin(SqlClient tx, UUID customerId, UUID losing) {
    return AgentStore.otherAdmins(tx, customerId, losing).compose(n -> n > 0 ? Future.<Void>succeededFuture()
        : Future.failedFuture(new TalkException(Status.FAILED_PRECONDITION, "LAST_ADMIN",
            "agent " + losing + " is the customer's last admin: make another agent admin first")));
  }

  /** For services: an agent's access state; an agent that does not exist is reported deleted. */
  public Future<AccessState> access(UUID id) {
    return AgentStore.access(pool, id).map(found -> found.orElseGet(() -> AccessState.unknown(id)));
  }

  public Future<Agent> get(Actor actor, UUID id) {
    return AgentStore.byId(pool, actor.customerId(), id)
        .map(found -> found.orElseThrow(() -> TalkException.notFound("AGENT_NOT_FOUND", "agent %s not found", id)));
  }

  public Future<Page<Agent>> list(Actor actor, PageRequest page) {
    return AgentStore.list(pool, actor.customerId(), page).map(agents -> page.page(agents, Agent::tmCreate, Agent::id));
  }

  /** Fails with AGENT_NOT_FOUND unless every id is a live agent of the customer. */
  public static Future<Void> requireAgents(SqlClient sql, UUID customerId, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return AgentStore.countLive(sql, customerId, ids.toArray(new UUID[0]))
        .compose(n -> n == ids.size() ? Future.<Void>succeededFuture()
            : Future.failedFuture(TalkException.notFound("AGENT_NOT_FOUND", "an agent in the request does not exist")));
  }

  /** How system messages name an agent: its name, else its username. */
  public static Future<String> displayName(SqlClient sql, UUID customerId, UUID agentId) {
    return AgentStore.byId(sql, customerId, agentId)
        .map(found -> found.map(a -> a.name().isBlank() ? a.username() : a.name()).orElse("An agent"));
  }

  /** The refusal of a permission with project bits, for every route that sets an agent's permission. */
  public static TalkException projectPermissionRefused(long permission) {
    return TalkException.denied("PERMISSION_NOT_GRANTABLE",
        "permission %d holds project bits (0x000F), which only the platform operator has", permission);
  }

  /** A customer's first admin (admin, manager and agent bits), in the caller's transaction; 409 if the name is taken. */
  public static Future<Agent> insertFirstAdmin(SqlClient tx, UUID customerId, String username, String hash) {
    return AgentStore.insert(tx, customerId, username, hash, "Administrator", "", FIRST_ADMIN, Agent.DEFAULT_RING_METHOD,
        Timestamps.now())
        .recover(err -> Future.failedFuture(DatabaseErrors.violates(err, USERNAME_INDEX)
            ? TalkException.alreadyExists("USERNAME_TAKEN", "username '%s' is already taken", username) : err));
  }

  /** Soft-deletes every live agent of a customer, in the caller's transaction (the customer's delete). */
  public static Future<Integer> deleteAllOf(SqlClient tx, UUID customerId) {
    return AgentStore.deleteAllOf(tx, customerId, Timestamps.now());
  }

  /** Whether the agent is live in this customer and holds every one of these permission bits. */
  public static Future<Boolean> holds(SqlClient sql, UUID customerId, UUID agentId, long bits) {
    return AgentStore.holds(sql, customerId, agentId, bits);
  }

  /**
   * Makes the agent {@code username} of {@code customerId} exist with exactly this password and permission, and no
   * other live agent in that customer (the platform's operator as the environment names it now). Fails with
   * IllegalStateException if an agent of another customer has the username: it is never promoted.
   */
  public Future<Agent> ensureSoleAgent(SqlClient tx, UUID customerId, String username, String password, long permission) {
    return passwords.hash(password).compose(hash -> AgentStore.byUsername(tx, username).compose(found -> {
      if (found.isPresent() && !found.get().agent().customerId().equals(customerId)) {
        return Future.failedFuture(new IllegalStateException("username '" + username + "' belongs to an agent of customer "
            + found.get().agent().customerId() + ", not the platform's: choose another TALK_PLATFORM_ADMIN_USERNAME"));
      }
      Instant now = Timestamps.now();
      Future<Agent> agent = found.isPresent()
          ? AgentStore.setOperator(tx, found.get().agent().id(), hash, permission, now)
              .compose(v -> AgentStore.byId(tx, customerId, found.get().agent().id())).map(java.util.Optional::get)
          : AgentStore.insert(tx, customerId, username, hash, "Platform operator", "", permission,
              Agent.DEFAULT_RING_METHOD, now);
      return agent.compose(a -> AgentStore.deleteOthersOf(tx, customerId, a.id(), now)
          .onSuccess(n -> {
            if (n > 0) {
              LOG.info("soft-deleted {} former platform operator(s)", n);
            }
          })
          .map(a));
    }));
  }

  /** First start: a customer and its admin agent, unless an agent with that username exists. Safe to race. */
  public Future<Void> bootstrapAdmin(String username, String password) {
    return passwords.hash(password).compose(hash -> pool.withTransaction(tx -> tx.query(AgentStore.ADMIN_LOCK).execute()
        .compose(v -> AgentStore.byUsername(tx, username))
        .compose(found -> {
          if (found.isPresent()) {
            return Future.succeededFuture();
          }
          UUID customerId = UUID.randomUUID();
          return AgentStore.insertCustomer(tx, customerId, username + "'s customer", Timestamps.now())
              // VoIPBIN's CustomerAdmin (32): an admin has every power of a manager and an agent (Actor.isManager)
              .compose(v -> AgentStore.insert(tx, customerId, username, hash, "Administrator", "",
                  Permission.ADMIN.bit(), Agent.DEFAULT_RING_METHOD, Timestamps.now()))
              .onSuccess(agent -> LOG.info("created admin agent '{}' of customer {}", username, customerId))
              .mapEmpty();
        })));
  }
}
