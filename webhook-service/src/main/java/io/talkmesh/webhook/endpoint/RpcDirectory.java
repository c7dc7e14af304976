package io.talkmesh.webhook.endpoint;

import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.model.ActiveWebhooks;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A customer's targets from talk-manager ({@code webhooks.endpoints.active}), kept {@code cacheMs} (a change to an
 * endpoint reaches deliveries within it); one lookup in flight per customer, a failed one not kept.
 */
public final class RpcDirectory implements EndpointDirectory {
  private final TalkManagerClient talkManager;
  private final long cacheMs;
  private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Future<List<Target>> targets, long expiresAt) {
  }

  public RpcDirectory(TalkManagerClient talkManager, long cacheMs) {
    this.talkManager = talkManager;
    this.cacheMs = cacheMs;
  }

  @Override
  public Future<List<Target>> targets(UUID customerId) {
    long now = System.nanoTime();
    Cached cached = cache.get(customerId);
    if (cached != null && now - cached.expiresAt() < 0) {
      return cached.targets();
    }
    Future<List<Target>> fresh = talkManager.activeWebhooks(customerId).map(RpcDirectory::targets);
    cache.put(customerId, new Cached(fresh, now + cacheMs * 1_000_000));
    fresh.onFailure(err -> cache.remove(customerId));
    if (cache.size() > 100_000) {
      cache.entrySet().removeIf(e -> now - e.getValue().expiresAt() > 0);
    }
    return fresh;
  }

  static List<Target> targets(ActiveWebhooks active) {
    List<Target> targets = new ArrayList<>();
    for (ActiveWebhooks.Endpoint e : active.endpoints()) {
      targets.add(new Target(e.id().toString(), active.customerId(), e.url(), e.secret(), e.eventTypes()));
    }
    if (active.customerWebhook() != null && active.customerWebhook().uri() != null
        && !active.customerWebhook().uri().isBlank()) {
      targets.add(new Target(Target.customerKey(active.customerId()), active.customerId(),
          active.customerWebhook().uri(), null, Set.of()));
    }
    return List.copyOf(targets);
  }
}
