package io.talkmesh.common.request.webhook;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** One parked event of one endpoint, by their path ids. */
public record ParkedRef(@FromPath("id") UUID endpointId, @FromPath("parked_id") UUID parkedId) implements Request {
  public static ParkedRef from(OperationInput in) {
    return new ParkedRef(in.id("id"), in.id("parked_id"));
  }
}
