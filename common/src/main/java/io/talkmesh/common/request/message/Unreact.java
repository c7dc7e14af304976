package io.talkmesh.common.request.message;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.FromQuery;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/**
 * The actor's reaction {@code emoji} to remove from the message of the path {@code id}: the query's {@code emoji}
 * (a DELETE body is unusual), else the body's for the clients that send one.
 */
public record Unreact(@FromPath UUID id, @FromQuery String emoji) implements Request {
  public static Unreact from(OperationInput in) {
    UUID id = in.id("id");
    return new Unreact(id, in.query().containsKey("emoji") ? in.query().get("emoji") : in.string("emoji", null));
  }
}
