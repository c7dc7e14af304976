package io.talkmesh.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /v1.0/openapi.json}: the OpenAPI 3.0 document of the whole public API, unauthenticated. The document is
 * the hand-written classpath resource {@value #RESOURCE}; it is read and checked to be JSON once per process (a
 * small resource, read at router construction), then every request is answered from memory.
 * {@code OpenApiDocumentTest} keeps it equal, field by field, to the router, the table of public routes and the
 * operation catalogue.
 */
public final class OpenApiRoutes {
  public static final String PATH = "/v1.0/openapi.json";
  public static final String RESOURCE = "openapi.json";
  private static Buffer document;

  private OpenApiRoutes() {
  }

  public static void mount(Router router) {
    serve(router, PATH, document());
  }

  /** Serves a JSON document's bytes at {@code path} (no token: the API's own description). */
  static void serve(Router router, String path, Buffer json) {
    router.get(path).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(json));
  }

  /** The document's bytes, read from the classpath on first use. */
  public static synchronized Buffer document() {
    if (document == null) {
      document = load();
    }
    return document;
  }

  private static Buffer load() {
    try (InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource " + RESOURCE + " is missing");
      }
      Buffer bytes = Buffer.buffer(in.readAllBytes());
      new JsonObject(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + RESOURCE, e);
    } catch (DecodeException e) {
      throw new IllegalStateException(RESOURCE + " is not a JSON object: " + e.getMessage(), e);
    }
  }
}
