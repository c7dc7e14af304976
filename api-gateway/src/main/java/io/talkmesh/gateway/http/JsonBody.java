package io.talkmesh.gateway.http;

import io.talkmesh.common.error.TalkException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads a request body that must be a JSON object; every way it can fail to be one is a 400, never a 500. */
public final class JsonBody {
  public static final String INVALID_JSON_BODY = "INVALID_JSON_BODY";

  private JsonBody() {
  }

  public static JsonObject object(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException | IllegalStateException e) {
      throw TalkException.invalid(INVALID_JSON_BODY, "the request body must be a JSON object");
    }
    if (body == null) {
      throw TalkException.invalid(INVALID_JSON_BODY, "the request body must be a JSON object, got none");
    }
    return body;
  }
}
