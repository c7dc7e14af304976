package io.talkmesh.gateway.http;

import io.talkmesh.common.asyncapi.AsyncApiDocument;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code GET /v1.0/asyncapi.json}: the AsyncAPI 3.0 document of the broker contract (talk-manager's RPC and events)
 * and push-service's WebSocket protocol, unauthenticated, beside {@link OpenApiRoutes}. It is generated once per
 * process from the operation catalogue, the event types and the push frames ({@link AsyncApiDocument}), with the
 * resource schemas of the OpenAPI document, then every request is answered from memory.
 */
public final class AsyncApiRoutes {
  public static final String PATH = "/v1.0/asyncapi.json";
  private static Buffer document;

  private AsyncApiRoutes() {
  }

  public static void mount(Router router) {
    OpenApiRoutes.serve(router, PATH, document());
  }

  /** The document's bytes, generated on first use. */
  public static synchronized Buffer document() {
    if (document == null) {
      document = AsyncApiDocument.build(new JsonObject(OpenApiRoutes.document())).toBuffer();
    }
    return document;
  }
}
