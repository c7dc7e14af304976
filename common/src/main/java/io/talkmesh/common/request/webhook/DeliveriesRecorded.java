package io.talkmesh.common.request.webhook;

import io.vertx.core.json.JsonObject;

/** The reply to {@link RecordDeliveries}: how many rows were stored (those of deleted endpoints are dropped). */
public record DeliveriesRecorded(int recorded) {
  public JsonObject toJson() {
    return new JsonObject().put("recorded", recorded);
  }

  public static DeliveriesRecorded fromJson(JsonObject json) {
    return new DeliveriesRecorded(json.getInteger("recorded", 0));
  }
}
