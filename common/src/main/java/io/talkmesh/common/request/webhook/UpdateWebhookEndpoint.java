package io.talkmesh.common.request.webhook;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.List;
import java.util.UUID;

/** A change of a webhook endpoint; a null field is left as it is (an empty {@code event_types}: every type). */
public record UpdateWebhookEndpoint(@FromPath UUID id, String url, List<String> eventTypes, String description,
                                    Boolean enabled) implements Request {
  public static UpdateWebhookEndpoint from(OperationInput in) {
    String url = in.string("url", null);
    return new UpdateWebhookEndpoint(in.id("id"), url, EndpointFields.eventTypes(in), EndpointFields.description(in),
        EndpointFields.enabled(in));
  }
}
