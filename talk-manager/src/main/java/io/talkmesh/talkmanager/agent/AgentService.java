package io.talkmesh.talkmanager.agent;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.request.agent.CreateAgent;
import io.talkmesh.common.request.agent.Login;
import io.talkmesh.common.rpc.Trace;
import io.talkmesh.talkmanager.idempotency.Idempotency;
import io.talkmesh.talkmanager.db.DatabaseErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent directory's rules: login, the first admin, agents created by admins, listing a customer's agents. */
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
  private static final long FIRST_ADMIN = Permission.ADMIN.bit() | Permission.MANAGER.bit() | Permission.AGENT.bit();

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
    if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Passwords.MAX_BYTES) {
      return Future.failedFuture(TalkException.invalid("PASSWORD_TOO_LONG", "password is longer than %d bytes",
          Passwords.MAX_BYTES));
    }
    String name = Fields.limited("name", request.name(), MAX_TEXT);
    String detail = Fields.limited("detail", request.detail(), MAX_TEXT);
    long permission = request.permission();
    if ((permission & PROJECT_BITS) != 0) {
      return Future.failedFuture(projectPermissionRefused(permission));
    }
    return passwords.hash(password)
        .compose(hash -> Idempotency.once(pool, trace, tx -> AgentStore.insert(tx, actor.customerId(), username, hash,
            name, detail, permission, Timestamps.now()), Agent::toJson, Agent::fromJson))
        .recover(err -> Future.failedFuture(DatabaseErrors.violates(err, USERNAME_INDEX)
            ? TalkException.alreadyExists("USERNAME_TAKEN", "username '%s' is already taken", username) : err));
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
    return AgentStore.insert(tx, customerId, username, hash, "Administrator", "", FIRST_ADMIN, Timestamps.now())
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
          : AgentStore.insert(tx, customerId, username, hash, "Platform operator", "", permission, now);
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
              .compose(v -> AgentStore.insert(tx, customerId, username, hash, "Administrator", "",
                  Permission.ADMIN.bit() | Permission.MANAGER.bit() | Permission.AGENT.bit(), Timestamps.now()))
              .onSuccess(agent -> LOG.info("created admin agent '{}' of customer {}", username, customerId))
              .mapEmpty();
        })));
  }
}
