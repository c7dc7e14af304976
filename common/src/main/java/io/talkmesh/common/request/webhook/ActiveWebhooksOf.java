package io.talkmesh.common.request.webhook;

import io.talkmesh.common.operation.FromQuery;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** webhook-service asking where a customer's events go. */
public record ActiveWebhooksOf(@FromQuery UUID customerId) implements Request {
  public static ActiveWebhooksOf from(OperationInput in) {
    return new ActiveWebhooksOf(in.queryId("customer_id"));
  }
}
