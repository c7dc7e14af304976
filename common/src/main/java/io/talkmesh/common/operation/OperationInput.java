package io.talkmesh.common.operation;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.rpc.Trace;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;

/**
 * What an operation receives as talk-manager sees it: the path parameters of its template, the query parameters,
 * the JSON body (empty when none), the acting identity (null for {@link Caller#ANYONE}) and the trace.
 */
public record OperationInput(Map<String, String> path, Map<String, String> query, JsonObject body, Actor actor,
                             Trace trace) {

  /** A path parameter that must be a UUID: 400 naming it otherwise. */
  public UUID id(String name) {
    return Ids.parse(name, path.get(name));
  }

  /** The acting identity; 401 when the request carries none. */
  public Actor requireActor() {
    if (actor == null) {
      throw TalkException.unauthenticated("ACTOR_REQUIRED", "this route needs an acting identity");
    }
    return actor;
  }
}
