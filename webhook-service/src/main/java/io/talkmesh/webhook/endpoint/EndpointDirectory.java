package io.talkmesh.webhook.endpoint;

import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

/** A customer's webhook targets, as talk-manager knows them (cached briefly). */
public interface EndpointDirectory {
  Future<List<Target>> targets(UUID customerId);

  /** The target {@code key} of {@code customerId}, or null when it is gone (deleted, disabled, unset). */
  default Future<Target> target(UUID customerId, String key) {
    return targets(customerId).map(all -> all.stream().filter(t -> t.key().equals(key)).findFirst().orElse(null));
  }
}
