package io.talkmesh.webhook;

import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.ops.Metrics;
import io.talkmesh.common.rpc.RpcClient;
import io.talkmesh.webhook.endpoint.RpcDirectory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicReference;

/** Starts webhook-service inside a Vert.x instance: the one seam used by {@link Main}, the dev-stack and tests. */
public final class WebhookService {
  private WebhookService() {
  }

  /**
   * Deploys one {@link WebhookVerticle} with its RPC client to talk-manager; returns the management port
   * ({@code TALK_WEBHOOK_MANAGEMENT_PORT} 0 = a random free port). Run more processes to scale.
   */
  public static Future<Integer> deploy(Vertx vertx, WebhookConfig config) {
    RpcClient rpc = new RpcClient(vertx, config.amqp().uri(), WebhookVerticle.SERVICE + ".rpc",
        config.amqp().requestQueue(), config.rpcTimeoutMs()).metrics(Metrics.registry(WebhookVerticle.SERVICE));
    TalkManagerClient talkManager = new TalkManagerClient(rpc, WebhookVerticle.SERVICE);
    AtomicReference<Integer> port = new AtomicReference<>();
    return rpc.start()
        .compose(v -> vertx.deployVerticle(new WebhookVerticle(config, talkManager,
            instance -> new RpcDirectory(talkManager, config.cacheMs()), port::set)))
        .map(id -> port.get());
  }
}
