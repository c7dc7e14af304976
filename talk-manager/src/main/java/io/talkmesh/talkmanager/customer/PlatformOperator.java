package io.talkmesh.talkmanager.customer;

import io.talkmesh.common.json.Timestamps;
import io.talkmesh.common.model.Customer;
import io.talkmesh.common.model.Permission;
import io.talkmesh.talkmanager.agent.AgentService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up: the platform operator exactly as the environment names it. With {@code TALK_PLATFORM_ADMIN_USERNAME}
 * set, the platform customer exists and has one live agent, that username, with {@code TALK_PLATFORM_ADMIN_PASSWORD}
 * and permission PROJECT_SUPER_ADMIN (an operator of another name, from an earlier start, is soft-deleted); unset,
 * the platform customer has no live agent. A username already used by an agent of another customer stops the start:
 * that agent is never promoted. Instances starting together serialise on an advisory lock.
 */
public final class PlatformOperator {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformOperator.class);

  private PlatformOperator() {
  }

  /** @param username the operator's username, or null for none */
  public static Future<Void> ensure(Pool pool, AgentService agents, String username, String password) {
    if (username == null) {
      return pool.withTransaction(tx -> tx.query(CustomerStore.OPERATOR_LOCK).execute()
          .compose(v -> AgentService.deleteAllOf(tx, Customer.PLATFORM_ID))
          .onSuccess(n -> {
            if (n > 0) {
              LOG.info("TALK_PLATFORM_ADMIN_USERNAME is unset: soft-deleted {} platform operator(s)", n);
            }
          })).mapEmpty();
    }
    return pool.withTransaction(tx -> tx.query(CustomerStore.OPERATOR_LOCK).execute()
        .compose(v -> CustomerStore.ensurePlatform(tx, Timestamps.now()))
        .compose(v -> agents.ensureSoleAgent(tx, Customer.PLATFORM_ID, username, password,
            Permission.PROJECT_SUPER_ADMIN.bit())))
        .onSuccess(agent -> LOG.info("platform operator '{}' is agent {} of the platform customer {}", username,
            agent.id(), Customer.PLATFORM_ID))
        .mapEmpty();
  }
}
