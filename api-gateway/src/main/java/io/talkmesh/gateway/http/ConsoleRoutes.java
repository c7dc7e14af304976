package io.talkmesh.gateway.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The browser console: static files from the classpath folder {@code console/} under {@code /console/}. They are
 * pages, not API operations, so {@code openapi.json} does not list them.
 */
public final class ConsoleRoutes {
  public static final String PATH = "/console";

  private ConsoleRoutes() {
  }

  public static void mount(Router router) {
    // Relative links in index.html need the trailing slash; Vert.x matches this route for "/console/" too.
    router.get(PATH).handler(ctx -> {
      if (ctx.request().path().equals(PATH)) {
        ctx.redirect(PATH + "/");
      } else {
        ctx.next();
      }
    });
    router.get(PATH + "/*").handler(StaticHandler.create("console"));
  }
}
