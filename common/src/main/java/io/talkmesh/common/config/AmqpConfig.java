package io.talkmesh.common.config;

/**
 * Where the broker is and how talk-mesh names its queues and exchanges on it.
 *
 * @param uri    AMQP URI of the broker ({@code TALK_AMQP_URI})
 * @param prefix prefix of every queue and exchange name ({@code TALK_AMQP_PREFIX})
 */
public record AmqpConfig(String uri, String prefix) {
  public static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672";
  public static final String DEFAULT_PREFIX = "bin-manager.";

  public static AmqpConfig from(Env env) {
    return new AmqpConfig(env.string("TALK_AMQP_URI", DEFAULT_URI), env.string("TALK_AMQP_PREFIX", DEFAULT_PREFIX));
  }

  /** The durable queue all talk-manager instances compete on for RPC requests. */
  public String requestQueue() {
    return prefix + "talk-manager.request";
  }

  /** The durable topic exchange talk-manager publishes its domain events to. */
  public String eventExchange() {
    return prefix + "talk-manager.event";
  }

  /**
   * The topic exchange push instances trade ephemeral signals on (typing): routed like events
   * ({@code <customer>.<chat>.<kind>}), never stored, lossy by design (docs/websocket.md, "Typing").
   */
  public String signalExchange() {
    return prefix + "talk-push.signal";
  }

  /** The durable fanout exchange talk-manager announces every change of an agent's access to (docs/rpc.md). */
  public String accessExchange() {
    return prefix + "talk-manager.access";
  }
}
