package io.talkmesh.common.push;

import io.talkmesh.common.error.TalkException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/**
 * The WebSocket frames of push-service, all JSON text frames with a {@code type}.
 * Client → server: {@code {"type":"subscribe"|"unsubscribe","topics":[...]}}.
 * Server → client: events ({@code Event.toFrame()}: {@code {"type":"<event type>","seq":N,"data":{...}}}),
 * {@code {"type":"subscribed"|"unsubscribed","topics":[...]}} once the change is active, and
 * {@code {"type":"error","reason","message"[,"topic"]}} (the connection stays open).
 */
public final class PushFrames {
  public static final String TYPE = "type";
  public static final String TOPICS = "topics";
  public static final String TOPIC = "topic";
  public static final String REASON = "reason";
  public static final String MESSAGE = "message";

  public static final String SUBSCRIBE = "subscribe";
  public static final String UNSUBSCRIBE = "unsubscribe";
  public static final String SUBSCRIBED = "subscribed";
  public static final String UNSUBSCRIBED = "unsubscribed";
  public static final String ERROR = "error";

  /** Close code and reason when a client does not read its frames fast enough; it should reconnect and resync. */
  public static final short CLOSE_SLOW_CONSUMER = 4008;
  public static final String CLOSE_SLOW_CONSUMER_REASON = "slow consumer: resume";
  /** Close code and reason when the session's token expires; the client reconnects with a fresh token and resumes. */
  public static final short CLOSE_TOKEN_EXPIRED = 4001;
  public static final String CLOSE_TOKEN_EXPIRED_REASON = "token expired: reconnect with a fresh token";
  /**
   * Close code when the agent's access changed (docs/websocket.md): deleted or its password changed since the token
   * was issued (reconnecting with that token is 401 TOKEN_REVOKED: log in again), or a role taken away (reconnect:
   * the new session has the new permission).
   */
  public static final short CLOSE_ACCESS_CHANGED = 4003;
  public static final String CLOSE_ACCESS_REVOKED_REASON = "access revoked: log in again";
  public static final String CLOSE_PERMISSION_CHANGED_REASON = "permission changed: reconnect";
  /** Close code and reason when an instance stops; the client should reconnect (to another instance). */
  public static final short CLOSE_SERVICE_RESTART = 1012;
  public static final String CLOSE_SERVICE_RESTART_REASON = "service restart: reconnect";

  private PushFrames() {
  }

  public static JsonObject subscribe(Collection<?> topics) {
    return withTopics(SUBSCRIBE, topics);
  }

  public static JsonObject unsubscribe(Collection<?> topics) {
    return withTopics(UNSUBSCRIBE, topics);
  }

  public static JsonObject subscribed(Collection<?> topics) {
    return withTopics(SUBSCRIBED, topics);
  }

  public static JsonObject unsubscribed(Collection<?> topics) {
    return withTopics(UNSUBSCRIBED, topics);
  }

  public static JsonObject error(TalkException error) {
    return new JsonObject().put(TYPE, ERROR).put(REASON, error.reason()).put(MESSAGE, error.getMessage());
  }

  public static JsonObject error(String topic, TalkException error) {
    return error(error).put(TOPIC, topic);
  }

  private static JsonObject withTopics(String type, Collection<?> topics) {
    JsonArray array = new JsonArray();
    topics.forEach(t -> array.add(String.valueOf(t)));
    return new JsonObject().put(TYPE, type).put(TOPICS, array);
  }
}
