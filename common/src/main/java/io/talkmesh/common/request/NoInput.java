package io.talkmesh.common.request;

import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;

/** The request of an operation that reads nothing but its caller (the actor's own participations). */
public record NoInput() implements Request {
  public static final NoInput INSTANCE = new NoInput();

  public static NoInput from(OperationInput in) {
    return INSTANCE;
  }
}
