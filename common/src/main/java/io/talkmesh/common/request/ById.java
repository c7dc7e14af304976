package io.talkmesh.common.request;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** A request naming one resource by its path {@code id} (get, delete, join...). */
public record ById(@FromPath UUID id) implements Request {
  public static ById from(OperationInput in) {
    return new ById(in.id("id"));
  }
}
