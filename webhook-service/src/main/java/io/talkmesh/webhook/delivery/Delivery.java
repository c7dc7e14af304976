package io.talkmesh.webhook.delivery;

import com.rabbitmq.client.AMQP;
import io.vertx.core.buffer.Buffer;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One event for one target, as it travels through the delivery and retry queues: the payload as POSTed, and in
 * headers whose target it is, which event, how many attempts were made and when the first was.
 */
public record Delivery(String key, UUID customerId, String eventId, String eventType, String chat, Long seq,
                       int attempts, long firstMs, long eventMs, Buffer body) {
  static final String KEY = "x-talk-target";
  static final String CUSTOMER = "x-talk-customer";
  static final String EVENT_ID = "x-talk-event-id";
  static final String EVENT_TYPE = "x-talk-event-type";
  static final String CHAT = "x-talk-chat";
  static final String SEQ = "x-talk-seq";
  static final String ATTEMPTS = "x-talk-attempts";
  static final String FIRST = "x-talk-first-ms";
  static final String EVENT_TIME = "x-talk-event-ms";

  public static Delivery fresh(String key, UUID customerId, String eventId, String eventType, String chat, Long seq,
                               long eventMs, Buffer body) {
    return new Delivery(key, customerId, eventId, eventType, chat, seq, 0, System.currentTimeMillis(), eventMs, body);
  }

  public Delivery attempted() {
    return new Delivery(key, customerId, eventId, eventType, chat, seq, attempts + 1, firstMs, eventMs, body);
  }

  public AMQP.BasicProperties properties(Long expirationMs) {
    Map<String, Object> headers = new HashMap<>();
    headers.put(KEY, key);
    headers.put(CUSTOMER, customerId.toString());
    headers.put(EVENT_ID, eventId);
    headers.put(EVENT_TYPE, eventType);
    headers.put(CHAT, chat == null ? "" : chat);
    if (seq != null) {
      headers.put(SEQ, seq);
    }
    headers.put(ATTEMPTS, attempts);
    headers.put(FIRST, firstMs);
    headers.put(EVENT_TIME, eventMs);
    AMQP.BasicProperties.Builder b = new AMQP.BasicProperties.Builder().contentType("application/json")
        .deliveryMode(2).messageId(eventId).headers(headers);
    if (expirationMs != null) {
      b.expiration(Long.toString(expirationMs));
    }
    return b.build();
  }

  /** Reads a delivery back; throws IllegalArgumentException when the message is not one. */
  public static Delivery from(RabbitMQMessage message) {
    Map<String, Object> h = message.properties().getHeaders();
    if (h == null || h.get(KEY) == null || h.get(CUSTOMER) == null || h.get(EVENT_ID) == null) {
      throw new IllegalArgumentException("not a webhook delivery");
    }
    String chat = String.valueOf(h.getOrDefault(CHAT, ""));
    return new Delivery(h.get(KEY).toString(), UUID.fromString(h.get(CUSTOMER).toString()), h.get(EVENT_ID).toString(),
        String.valueOf(h.get(EVENT_TYPE)), chat.isEmpty() ? null : chat,
        h.get(SEQ) == null ? null : number(h.get(SEQ)).longValue(), number(h.get(ATTEMPTS)).intValue(),
        number(h.get(FIRST)).longValue(), number(h.get(EVENT_TIME)).longValue(), message.body());
  }

  private static Number number(Object o) {
    if (o instanceof Number n) {
      return n;
    }
    try {
      return Long.parseLong(String.valueOf(o));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a webhook delivery: bad number " + o);
    }
  }
}
