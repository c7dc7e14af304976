package io.talkmesh.talkmanager;

import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.config.Env;
import io.talkmesh.common.webhook.TargetPolicy;
import io.talkmesh.talkmanager.agent.LoginPolicy;
import io.talkmesh.talkmanager.retention.Retention;
import java.util.Map;

/**
 * talk-manager's settings, read once from the environment.
 *
 * @param pgUri         {@code TALK_PG_URI}: the database (created when missing); several {@code host:port} separated
 *                      by commas name a primary and its standbys, and talk-manager connects to whichever is primary
 *                      (see {@link io.talkmesh.talkmanager.db.DatabaseServers})
 * @param poolSize      {@code TALK_PG_POOL_SIZE}: connections per instance
 * @param instances     {@code TALK_MANAGER_INSTANCES}: RPC verticle instances (event loops) in this process
 * @param prefetch      {@code TALK_RPC_PREFETCH}: unacked requests per instance
 * @param adminUsername {@code TALK_ADMIN_USERNAME}: first start creates a customer and this admin agent
 * @param adminPassword {@code TALK_ADMIN_PASSWORD}
 * @param login         {@code TALK_LOGIN_*}: login throttling (see {@link LoginPolicy})
 * @param httpPort      {@code TALK_MANAGER_HTTP_PORT}: health and metrics (0 = a random port)
 * @param retention     {@code TALK_EVENT_RETENTION_HOURS}, {@code TALK_IDEMPOTENCY_TTL_HOURS}: how long old rows are kept
 *                      (see {@link Retention})
 * @param rpcMaxReplyBytes {@code TALK_RPC_MAX_REPLY_BYTES}: the largest RPC reply published (larger: 500
 *                      RESPONSE_TOO_LARGE); at most 64 MiB, what amqp-client accepts inbound
 * @param rpcMaxRedeliveries {@code TALK_RPC_MAX_REDELIVERIES}: redeliveries of one request an instance handles
 *                      before it dead-letters it
 * @param platformAdminUsername {@code TALK_PLATFORM_ADMIN_USERNAME}: the platform operator, who manages customers
 *                      (null: none, and the customers routes refuse everyone)
 * @param platformAdminPassword {@code TALK_PLATFORM_ADMIN_PASSWORD}: its password (12 to 72 bytes), required with it
 * @param searchLanguage {@code TALK_SEARCH_LANGUAGE}: the PostgreSQL text search configuration messages are indexed
 *                      and searched with ({@code simple}: no stemming, no stop words; e.g. {@code english}); checked at
 *                      start, a change re-indexes every message (docs/find.md)
 * @param presence      {@code TALK_PRESENCE_GRACE_MS}, {@code TALK_PRESENCE_SWEEP_MS}: how presence turns offline
 *                      (see {@link io.talkmesh.talkmanager.presence.PresencePolicy})
 * @param webhookTargets {@code TALK_WEBHOOK_ALLOWED_TARGETS}: the CIDR blocks, beyond public addresses, a webhook
 *                      endpoint's URL may name (see {@link TargetPolicy})
 */
public record TalkManagerConfig(AmqpConfig amqp, String pgUri, int poolSize, int instances, int prefetch,
                                String adminUsername, String adminPassword, Retention retention, int httpPort,
                                LoginPolicy login, int rpcMaxReplyBytes, int rpcMaxRedeliveries,
                                String platformAdminUsername, String platformAdminPassword, String searchLanguage,
                                io.talkmesh.talkmanager.presence.PresencePolicy presence, TargetPolicy webhookTargets) {
  /** The shortest platform operator password accepted: it may create and delete every customer. */
  static final int MIN_PLATFORM_PASSWORD = 12;
  /** amqp-client's default {@code maxInboundMessageBodySize}: a larger message shuts the receiver's connection. */
  static final int AMQP_MAX_INBOUND_BYTES = 64 * 1024 * 1024;


  public static TalkManagerConfig from(Map<String, String> vars) {
    Env env = new Env(vars);
    return new TalkManagerConfig(AmqpConfig.from(env),
        pgUri(env),
        env.positive("TALK_PG_POOL_SIZE", 8),
        env.positive("TALK_MANAGER_INSTANCES", 1),
        env.positive("TALK_RPC_PREFETCH", 32),
        env.string("TALK_ADMIN_USERNAME", "admin"),
        env.string("TALK_ADMIN_PASSWORD", "admin"),
        Retention.from(env),
        env.port("TALK_MANAGER_HTTP_PORT", 8082),
        LoginPolicy.from(env),
        maxReplyBytes(env),
        env.positive("TALK_RPC_MAX_REDELIVERIES", io.talkmesh.common.rpc.RpcServer.DEFAULT_MAX_REDELIVERIES),
        env.string("TALK_PLATFORM_ADMIN_USERNAME", null),
        platformPassword(env),
        searchLanguage(env),
        io.talkmesh.talkmanager.presence.PresencePolicy.from(env),
        TargetPolicy.fromEnv(vars));
  }

  /** Whether a platform operator is configured. */
  public boolean platformOperator() {
    return platformAdminUsername != null;
  }

  private static String platformPassword(Env env) {
    String username = env.string("TALK_PLATFORM_ADMIN_USERNAME", null);
    String password = env.string("TALK_PLATFORM_ADMIN_PASSWORD", null);
    if (username == null) {
      return null;
    }
    if (username.equals(env.string("TALK_ADMIN_USERNAME", "admin"))) {
      throw new IllegalArgumentException("TALK_PLATFORM_ADMIN_USERNAME must differ from TALK_ADMIN_USERNAME: the"
          + " platform operator is no customer's admin");
    }
    int bytes = password == null ? 0 : password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes < MIN_PLATFORM_PASSWORD || bytes > 72) {
      throw new IllegalArgumentException("TALK_PLATFORM_ADMIN_PASSWORD must be " + MIN_PLATFORM_PASSWORD
          + " to 72 bytes when TALK_PLATFORM_ADMIN_USERNAME is set");
    }
    return password;
  }

  /**
   * A configuration name as PostgreSQL lists them ({@code SELECT cfgname FROM pg_ts_config}); whether it exists is
   * checked against the database at start.
   */
  private static String searchLanguage(Env env) {
    String language = env.string("TALK_SEARCH_LANGUAGE", "simple");
    if (!language.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("TALK_SEARCH_LANGUAGE must name a PostgreSQL text search configuration in"
          + " lower case (simple, english, german, ...), got '" + language + "'");
    }
    return language;
  }

  /** Parsed once here, so that a malformed URI stops the start with a message naming the variable. */
  private static String pgUri(Env env) {
    String uri = env.string("TALK_PG_URI", "postgresql://postgres@127.0.0.1:5432/talk");
    io.talkmesh.talkmanager.db.DatabaseServers.parse(uri);
    return uri;
  }

  private static int maxReplyBytes(Env env) {
    int bytes = env.positive("TALK_RPC_MAX_REPLY_BYTES", io.talkmesh.common.rpc.RpcServer.DEFAULT_MAX_REPLY_BYTES);
    if (bytes < 64 * 1024 || bytes > AMQP_MAX_INBOUND_BYTES - 64 * 1024) {
      throw new IllegalArgumentException("TALK_RPC_MAX_REPLY_BYTES must be between 65536 and "
          + (AMQP_MAX_INBOUND_BYTES - 64 * 1024) + " (below amqp-client's 64 MiB inbound limit), got " + bytes);
    }
    return bytes;
  }
}
