package io.talkmesh.common.request.webhook;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * webhook-service parking an event it gave up delivering to an endpoint: the payload as it was sent, why, and after
 * how many attempts. A second park of the same event for the same endpoint changes nothing.
 */
public record ParkEvent(UUID endpointId, UUID eventId, JsonObject event, String reason, int attempts)
    implements Request {
  public static final int MAX_REASON = 500;

  public ParkEvent {
    Fields.limited("reason", reason, MAX_REASON);
    if (attempts < 0) {
      throw TalkException.invalid("INVALID_FIELD", "attempts must not be negative");
    }
  }

  public static ParkEvent from(OperationInput in) {
    Object event = in.body().getValue("event");
    Object attempts = in.body().getValue("attempts", 0);
    if (!(attempts instanceof Number n) || n.doubleValue() != n.intValue()) {
      throw TalkException.invalid("INVALID_FIELD", "attempts must be an integer");
    }
    return new ParkEvent(in.bodyId("endpoint_id"), in.bodyId("event_id"), Fields.object(event, "event"),
        in.string("reason", ""), n.intValue());
  }
}
