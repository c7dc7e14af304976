package io.talkmesh.common.request.legacy;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** The chat of the path {@code id} gets a new owner, {@code room_owner_id} (an agent participating in it). */
public record ChangeRoomOwner(@FromPath("id") UUID chatId, UUID roomOwnerId) implements Request {
  public static ChangeRoomOwner from(OperationInput in) {
    return new ChangeRoomOwner(in.id("id"), in.bodyId("room_owner_id"));
  }
}
