package io.talkmesh.common.request.legacy;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.operation.FromQuery;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** A page of the messages of chatroom {@code chatroom_id}. */
public record ListChatroomMessages(@FromQuery UUID chatroomId, @FromQuery PageRequest page) implements Request {
  public static ListChatroomMessages from(OperationInput in) {
    PageRequest page = in.page();
    return new ListChatroomMessages(in.queryId("chatroom_id"), page);
  }
}
