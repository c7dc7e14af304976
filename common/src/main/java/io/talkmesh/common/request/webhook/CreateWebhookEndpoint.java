package io.talkmesh.common.request.webhook;

import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.List;

/**
 * A new webhook endpoint: its URL (checked against the target policy by talk-manager), the event types it wants
 * (null or empty: every type), a description and whether it is enabled (default true).
 */
public record CreateWebhookEndpoint(String url, List<String> eventTypes, String description, Boolean enabled)
    implements Request {
  public static CreateWebhookEndpoint from(OperationInput in) {
    return new CreateWebhookEndpoint(in.requiredString("url"), EndpointFields.eventTypes(in),
        EndpointFields.description(in), EndpointFields.enabled(in));
  }
}
