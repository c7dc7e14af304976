package io.talkmesh.common.request.legacy;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.operation.FromQuery;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** A page of the chatrooms of agent {@code owner_id} (null: the caller's). */
public record ListChatrooms(@FromQuery UUID ownerId, @FromQuery PageRequest page) implements Request {
  public static ListChatrooms from(OperationInput in) {
    PageRequest page = in.page();
    return new ListChatrooms(in.optionalQueryId("owner_id"), page);
  }
}
