package io.talkmesh.common.request;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.operation.FromQuery;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;

/** A request for one page of a list that takes nothing else. */
public record Paged(@FromQuery PageRequest page) implements Request {
  public static Paged from(OperationInput in) {
    return new Paged(in.page());
  }
}
