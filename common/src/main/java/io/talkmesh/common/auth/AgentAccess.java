package io.talkmesh.common.auth;

import io.talkmesh.common.amqp.AccessExchange;
import io.talkmesh.common.amqp.BrokerConnection;
import io.talkmesh.common.amqp.ConnectionQueue;
import io.talkmesh.common.bounded.LruMap;
import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a verified token still works, and with which permission: the gateway's {@code TokenAuth} and
 * push-service's handshake both ask it after the signature check. It holds, per instance, a bounded cache
 * agent id → {@link AccessState}, kept current by this instance's own exclusive queue on the access exchange
 * ({@link AccessExchange}); a miss costs one {@code agents.access} RPC (concurrent misses for one agent share it).
 *
 * <p>Nothing is cached unless the queue is bound and consumed (events then cannot be missed), nor used while the
 * broker connection is down; after a reconnect the cache is emptied (events published meanwhile went nowhere), and
 * a reply that straddles a reconnect is not kept. A reply or event older (by {@code version}) than the entry held is
 * ignored. So a known agent costs a map lookup per request; a change reaches every instance in the relay's delay
 * plus one broker hop.
 */
public final class AgentAccess {
  private static final Logger LOG = LoggerFactory.getLogger(AgentAccess.class);
  /** Agents remembered per instance (≈ 200 bytes each). */
  public static final int DEFAULT_CAPACITY = 100_000;

  /** How the state of an agent not in the cache is fetched (talk-manager's {@code agents.access}). */
  @FunctionalInterface
  public interface Lookup {
    Future<AccessState> of(UUID agentId);
  }

  private final Lookup lookup;
  private final BrokerConnection connection;
  private final AmqpConfig amqp;
  private final ConnectionQueue queue;
  private final LruMap<UUID, AccessState> cache;
  private final Map<UUID, Future<AccessState>> loading = new HashMap<>();
  private final List<Consumer<AccessState>> listeners = new CopyOnWriteArrayList<>();
  /** Grows when a connection's declarations begin and again when they are done: a lookup across one is not kept. */
  private long epoch;

  private AgentAccess(Lookup lookup, BrokerConnection connection, AmqpConfig amqp, int capacity) {
    this.lookup = lookup;
    this.connection = connection;
    this.amqp = amqp;
    this.cache = new LruMap<>(capacity);
    this.queue = amqp == null ? null : new ConnectionQueue(() -> amqp.accessExchange() + "." + UUID.randomUUID());
  }

  /** The production form: a connection of its own named {@code name}, the access exchange, a bounded cache. */
  public static AgentAccess listening(Vertx vertx, AmqpConfig amqp, String name, Lookup lookup) {
    return new AgentAccess(lookup, BrokerConnection.open(vertx, amqp, name), amqp, DEFAULT_CAPACITY);
  }

  /** Without a broker: every check asks {@code lookup}, nothing is cached (tests of a service alone). */
  public static AgentAccess uncached(Lookup lookup) {
    return new AgentAccess(lookup, null, null, 1);
  }

  /** Told of every access change this instance hears of (on the broker client's thread). */
  public AgentAccess onChange(Consumer<AccessState> listener) {
    listeners.add(listener);
    return this;
  }

  /** Connects (retrying), declares and binds this instance's queue, then consumes it; only then does it cache. */
  public Future<Void> start() {
    if (connection == null) {
      return Future.succeededFuture();
    }
    return connection.start(this::declare)
        .compose(v -> queue.consume(connection, new QueueOptions().setAutoAck(true), this::onMessage));
  }

  public Future<Void> stop() {
    return connection == null ? Future.succeededFuture() : connection.stop().recover(err -> Future.succeededFuture());
  }

  private Future<Void> declare(RabbitMQClient client) {
    synchronized (this) {
      epoch++;
    }
    Future<String> declared = queue.declare(client);
    return declared
        .compose(name -> AccessExchange.declare(client, amqp)
            .compose(v -> client.queueBind(name, amqp.accessExchange(), "")))
        .onSuccess(v -> {
          synchronized (this) {
            cache.clear();
            epoch++;
          }
          LOG.debug("listening to access changes on {}", amqp.accessExchange());
        });
  }

  private boolean listening() {
    return connection != null && queue.consuming() && connection.isConnected();
  }

  /**
   * The token's actor with its agent's current permission, or UNAUTHENTICATED {@code TOKEN_REVOKED} when the agent
   * is deleted (or unknown, or of another customer than the token says) or the token predates the agent's sessions
   * cut-off and is not the session kept; a failed lookup fails as it did (503 broker down, 504 timeout).
   */
  public Future<Actor> admit(Jwt.Verified verified) {
    Actor claimed = verified.actor();
    return state(claimed.ownerId()).compose(state -> state.admits(claimed.customerId(), claimed.sessionId(),
        verified.issuedAtMs())
        ? Future.succeededFuture(claimed.withPermission(state.permission()))
        : Future.failedFuture(TalkException.unauthenticated("TOKEN_REVOKED",
            "the token was revoked (agent deleted or its password changed): log in again")));
  }

  /** The agent's access state: from the cache while listening, else (and on a miss) from talk-manager. */
  public Future<AccessState> state(UUID agentId) {
    long startedIn;
    synchronized (this) {
      if (listening()) {
        AccessState known = cache.get(agentId);
        if (known != null) {
          return Future.succeededFuture(known);
        }
      }
      Future<AccessState> pending = loading.get(agentId);
      if (pending != null) {
        return pending;
      }
      startedIn = epoch;
    }
    Future<AccessState> loaded = lookup.of(agentId);
    synchronized (this) {
      if (!loaded.isComplete()) {
        loading.put(agentId, loaded);
      }
    }
    return loaded.andThen(ar -> {
      synchronized (this) {
        loading.remove(agentId, loaded);
        if (ar.succeeded() && listening() && epoch == startedIn) {
          keep(ar.result());
        }
      }
    });
  }

  /** Holds {@code state} unless a newer one is held. Caller holds the lock. */
  private void keep(AccessState state) {
    AccessState held = cache.get(state.agentId());
    if (held == null || state.version() >= held.version()) {
      cache.put(state.agentId(), state);
    }
  }

  private void onMessage(RabbitMQMessage message) {
    AccessState state;
    try {
      state = AccessExchange.parse(message.body());
    } catch (IllegalArgumentException e) {
      LOG.warn("dropping a message on the access exchange: {}", e.getMessage());
      return;
    }
    synchronized (this) {
      keep(state);
    }
    for (Consumer<AccessState> listener : listeners) {
      try {
        listener.accept(state);
      } catch (RuntimeException e) {
        LOG.error("access change listener failed for agent {}", state.agentId(), e);
      }
    }
  }

  /** Entries held (for metrics and tests). */
  public synchronized int size() {
    return cache.size();
  }
}
