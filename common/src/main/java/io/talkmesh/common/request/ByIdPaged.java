package io.talkmesh.common.request;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.FromQuery;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** A page of a list under one resource (a message's thread). */
public record ByIdPaged(@FromPath UUID id, @FromQuery PageRequest page) implements Request {
  public static ByIdPaged from(OperationInput in) {
    return new ByIdPaged(in.id("id"), in.page());
  }
}
