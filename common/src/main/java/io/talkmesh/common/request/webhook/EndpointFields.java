package io.talkmesh.common.request.webhook;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.operation.OperationInput;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The reads an endpoint's create and update share: each failure a 400 naming the field. */
final class EndpointFields {
  static final int MAX_DESCRIPTION = 255;

  private EndpointFields() {
  }

  /**
   * {@code event_types}: absent is null, else the distinct wire names of event types in the order given (each must be
   * an {@link EventType} a customer may receive, else 400 INVALID_EVENT_TYPE).
   */
  static List<String> eventTypes(OperationInput in) {
    if (in.body().getValue("event_types") == null) {
      return null;
    }
    JsonArray array = in.array("event_types");
    Set<String> types = new LinkedHashSet<>();
    for (Object item : array) {
      if (!(item instanceof String name)) {
        throw TalkException.invalid("INVALID_FIELD", "event_types must be an array of strings");
      }
      if (!deliverable(name)) {
        throw TalkException.invalid("INVALID_EVENT_TYPE", "event_types: %s is not an event type",
            name.length() > 64 ? name.substring(0, 64) + "..." : name);
      }
      types.add(name);
    }
    return new ArrayList<>(types);
  }

  static String description(OperationInput in) {
    return Fields.limited("description", in.string("description", null), MAX_DESCRIPTION);
  }

  static Boolean enabled(OperationInput in) {
    Object value = in.body().getValue("enabled");
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean b)) {
      throw TalkException.invalid("INVALID_FIELD", "enabled must be a boolean");
    }
    return b;
  }

  private static boolean deliverable(String wire) {
    for (EventType type : EventType.values()) {
      if (type.wire().equals(wire) && !type.internal()) {
        return true;
      }
    }
    return false;
  }
}
