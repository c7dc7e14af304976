package io.talkmesh.common.operation;

import io.talkmesh.common.json.Fields;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.rpc.Trace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;

/**
 * What an operation receives as talk-manager sees it: the path parameters of its template, the query parameters,
 * the JSON body (empty when none), the acting identity (null for {@link Caller#ANYONE}) and the trace. The reads
 * below are what request decoders are written with: each failure is a 400 naming the field.
 */
public record OperationInput(Map<String, String> path, Map<String, String> query, JsonObject body, Actor actor,
                             Trace trace) {

  /** A path parameter that must be a UUID. */
  public UUID id(String name) {
    return Ids.parse(name, path.get(name));
  }

  /** A query parameter that must be a UUID. */
  public UUID queryId(String name) {
    return Ids.parse(name, query.get(name));
  }

  /** A query parameter that may be absent (null), else must be a UUID. */
  public UUID optionalQueryId(String name) {
    return Ids.parseOptional(name, query.get(name));
  }

  /** The page request of {@code page_size} and {@code page_token}. */
  public PageRequest page() {
    return PageRequest.of(query.get("page_size"), query.get("page_token"));
  }

  public String string(String field, String defaultValue) {
    return Fields.optionalString(body, field, defaultValue);
  }

  public String requiredString(String field) {
    return Fields.requiredString(body, field);
  }

  /** A body field that may be absent, else must be a UUID string. */
  public UUID optionalBodyId(String field) {
    return Ids.parseOptional(field, Fields.optionalString(body, field, null));
  }

  /** A body field that must be a UUID string. */
  public UUID bodyId(String field) {
    return Ids.parse(field, Fields.optionalString(body, field, null));
  }

  public JsonArray array(String field) {
    return Fields.optionalArray(body, field);
  }
}
