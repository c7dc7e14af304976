package io.talkmesh.common.request.webhook;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** webhook-service's report of delivery attempts, for the endpoints' delivery logs; at most 500 per call. */
public record RecordDeliveries(List<Attempt> deliveries) implements Request {
  public static final int MAX_DELIVERIES = 500;
  public static final int MAX_ERROR = 500;
  public static final Set<String> OUTCOMES = Set.of("delivered", "failed", "parked");

  /**
   * One attempt: {@code chatId}, {@code seq}, {@code statusCode}, {@code error} and {@code nextRetryAt} may be null
   * (an agent-stream event has no chat, a refused connection no status, a delivered event no retry).
   */
  public record Attempt(UUID endpointId, UUID eventId, String eventType, UUID chatId, Long seq, int attempt,
                        String outcome, Integer statusCode, String error, long latencyMs, Instant nextRetryAt) {
    public Attempt {
      if (!OUTCOMES.contains(outcome)) {
        throw TalkException.invalid("INVALID_OUTCOME", "outcome must be delivered, failed or parked");
      }
      if (attempt < 1) {
        throw TalkException.invalid("INVALID_FIELD", "attempt must be 1 or more");
      }
      if (latencyMs < 0) {
        throw TalkException.invalid("INVALID_FIELD", "latency_ms must not be negative");
      }
      Fields.limited("error", error, MAX_ERROR);
      Fields.limited("event_type", eventType, 64);
    }

    JsonObject toJson() {
      return new JsonObject().put("endpoint_id", endpointId.toString()).put("event_id", eventId.toString())
          .put("event_type", eventType).put("chat_id", chatId == null ? null : chatId.toString()).put("seq", seq)
          .put("attempt", attempt).put("outcome", outcome).put("status_code", statusCode).put("error", error)
          .put("latency_ms", latencyMs).put("next_retry_at", nextRetryAt == null ? null : nextRetryAt.toString());
    }

    static Attempt fromJson(JsonObject json) {
      return new Attempt(Ids.parse("endpoint_id", string(json, "endpoint_id")),
          Ids.parse("event_id", string(json, "event_id")), Fields.requiredString(json, "event_type"),
          Ids.parseOptional("chat_id", string(json, "chat_id")), number(json, "seq"),
          number(json, "attempt") == null ? 0 : number(json, "attempt").intValue(), Fields.requiredString(json, "outcome"),
          number(json, "status_code") == null ? null : number(json, "status_code").intValue(),
          Fields.optionalString(json, "error", null),
          number(json, "latency_ms") == null ? 0 : number(json, "latency_ms"), time(json, "next_retry_at"));
    }
  }

  public RecordDeliveries {
    deliveries = List.copyOf(deliveries);
    if (deliveries.size() > MAX_DELIVERIES) {
      throw TalkException.invalid("TOO_MANY_DELIVERIES", "a report holds at most %d deliveries", MAX_DELIVERIES);
    }
  }

  public static RecordDeliveries from(OperationInput in) {
    JsonArray array = in.array("deliveries");
    if (array.size() > MAX_DELIVERIES) {
      throw TalkException.invalid("TOO_MANY_DELIVERIES", "a report holds at most %d deliveries", MAX_DELIVERIES);
    }
    List<Attempt> attempts = new ArrayList<>();
    for (Object item : array) {
      attempts.add(Attempt.fromJson(Fields.object(item, "deliveries[]")));
    }
    return new RecordDeliveries(attempts);
  }

  @Override
  public JsonObject toBody() {
    JsonArray array = new JsonArray();
    deliveries.forEach(d -> array.add(d.toJson()));
    return new JsonObject().put("deliveries", array);
  }

  private static String string(JsonObject json, String field) {
    return Fields.optionalString(json, field, null);
  }

  private static Long number(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() != n.longValue()) {
      throw TalkException.invalid("INVALID_FIELD", "%s must be an integer", field);
    }
    return n.longValue();
  }

  private static Instant time(JsonObject json, String field) {
    String text = string(json, field);
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw TalkException.invalid("INVALID_FIELD", "%s must be an ISO-8601 time such as 2026-01-17T10:30:00Z", field);
    }
  }
}
