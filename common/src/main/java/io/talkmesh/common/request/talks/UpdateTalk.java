package io.talkmesh.common.request.talks;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.talkmesh.common.talks.TalksJson;
import java.util.UUID;

/** A talk's new {@code name}, {@code detail} and/or {@code status} ({@code closed} closes, {@code active} reopens). */
public record UpdateTalk(@FromPath UUID id, String name, String detail, String status) implements Request {
  public static UpdateTalk from(OperationInput in) {
    String status = in.string("status", null);
    if (status != null && !status.equals(TalksJson.ACTIVE) && !status.equals(TalksJson.CLOSED)) {
      throw TalkException.invalid("INVALID_STATUS", "status must be 'active' or 'closed', got '%s'", status);
    }
    return new UpdateTalk(in.id("id"), in.string("name", null), in.string("detail", null), status);
  }
}
