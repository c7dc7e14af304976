package io.talkmesh.common.request.message;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.operation.FromQuery;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** A page of the messages of {@code chat_id}, or (null) of every chat of the actor. */
public record ListMessages(@FromQuery UUID chatId, @FromQuery PageRequest page) implements Request {
  public static ListMessages from(OperationInput in) {
    PageRequest page = in.page();
    return new ListMessages(in.optionalQueryId("chat_id"), page);
  }

  /** As {@link #from}, but {@code chat_id} is required (the older Chat API lists one chat's messages). */
  public static ListMessages ofChat(OperationInput in) {
    PageRequest page = in.page();
    return new ListMessages(in.queryId("chat_id"), page);
  }
}
