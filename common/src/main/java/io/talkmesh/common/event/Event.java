package io.talkmesh.common.event;

import com.rabbitmq.client.AMQP;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * A domain event as it travels on the topic exchange. Body {@code {"type","publisher","data_type","data"}};
 * properties {@code message_id} = event id, {@code timestamp}, persistent; headers {@code seq} (the chat's event
 * sequence number, 1, 2, 3, ... with no gaps) and {@code request_id}. Routing key
 * {@code {customer_id}.{chat_id}.{type}}.
 */
public record Event(UUID id, UUID customerId, UUID chatId, long seq, EventType type, JsonObject data,
                    String requestId, Instant time) {
  public static final String PUBLISHER = "talk-manager";
  public static final String HEADER_SEQ = "seq";
  public static final String HEADER_REQUEST_ID = "request_id";
  /** The commit time in Unix milliseconds: the AMQP {@code timestamp} property has a resolution of seconds. */
  public static final String HEADER_TIME_MS = "time_ms";

  public String routingKey() {
    return routingKey(customerId, chatId, type);
  }

  public static String routingKey(UUID customerId, UUID chatId, EventType type) {
    return customerId + "." + chatId + "." + type.wire();
  }

  /** The binding pattern that selects every event of one customer. */
  public static String customerPattern(UUID customerId) {
    return customerId + ".#";
  }

  public Buffer body() {
    return new JsonObject().put("type", type.wire()).put("publisher", PUBLISHER)
        .put("data_type", "application/json").put("data", data).toBuffer();
  }

  /** The properties with the W3C {@code traceparent} header of the request that caused the event, when known. */
  public AMQP.BasicProperties properties(String traceparent) {
    Map<String, Object> headers = new HashMap<>();
    if (traceparent != null && !traceparent.isEmpty()) {
      headers.put(io.talkmesh.common.rpc.Trace.HEADER_TRACEPARENT, traceparent);
    }
    headers.put(HEADER_SEQ, seq);
    headers.put(HEADER_REQUEST_ID, requestId == null ? "" : requestId);
    headers.put(HEADER_TIME_MS, time.toEpochMilli());
    return new AMQP.BasicProperties.Builder()
        .messageId(id.toString())
        .timestamp(Date.from(time))
        .contentType("application/json")
        .deliveryMode(2)
        .headers(headers)
        .build();
  }

  /** Reads an event delivered by the broker; throws IllegalArgumentException when it is not one of ours. */
  public static Event fromDelivery(RabbitMQMessage message) {
    try {
      JsonObject body = new JsonObject(message.body());
      com.rabbitmq.client.BasicProperties props = message.properties();
      Map<String, Object> headers = props.getHeaders() == null ? Map.of() : props.getHeaders();
      Object seq = headers.get(HEADER_SEQ);
      Object requestId = headers.get(HEADER_REQUEST_ID);
      String[] key = message.envelope().getRoutingKey().split("\\.", 3);
      return new Event(UUID.fromString(props.getMessageId()), UUID.fromString(key[0]), UUID.fromString(key[1]),
          seq instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(seq)), EventType.parse(body.getString("type")), body.getJsonObject("data"),
          requestId == null ? "" : requestId.toString(),
          headers.get(HEADER_TIME_MS) instanceof Number ms ? Instant.ofEpochMilli(ms.longValue())
              : props.getTimestamp() == null ? Instant.now() : props.getTimestamp().toInstant());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a talk-manager event: " + e.getMessage(), e);
    }
  }

  /** The frame pushed to WebSocket clients: {@code {"type","seq","data"}}. */
  public JsonObject toFrame() {
    return frame(type, seq, data);
  }

  static JsonObject frame(EventType type, long seq, JsonObject data) {
    return new JsonObject().put("type", type.wire()).put("seq", seq).put("data", data);
  }

  /**
   * An event's data read as the model it carries ({@code Participant::fromJson}, {@code Chat::fromJson}); empty when
   * it is not one (nothing for the reader to act on).
   */
  public static <T> Optional<T> decodeData(JsonObject data, Function<JsonObject, T> model) {
    if (data == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(model.apply(data));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
