package io.talkmesh.common.operation;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A decoded request of an operation, as a record: its decoder ({@code static from(OperationInput)}) is the one place
 * its input is read. The way back, for the typed client, follows from its components ({@link RequestFields}): each
 * is the body field of its name in snake_case, unless marked {@link FromPath} or {@link FromQuery}. A record
 * overrides a method below only where its wire shape is not that.
 */
public interface Request {
  /** The values of the operation's path placeholders. */
  default Map<String, String> pathParams() {
    return RequestFields.of(getClass()).path(this);
  }

  /** Its query parameters; null values are left out. */
  default Map<String, String> queryParams() {
    return RequestFields.of(getClass()).query(this);
  }

  /** Its JSON body. */
  default JsonObject toBody() {
    return RequestFields.of(getClass()).body(this);
  }
}
