package io.talkmesh.gateway.http;

import io.talkmesh.gateway.security.OriginPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The browser console: static files from the classpath folder {@code console/} under {@code /console/}, and
 * {@code /console/config.json}, the push-service URLs on other hosts the console may open
 * ({@code TALK_CONSOLE_PUSH_URLS}). They are pages, not API operations, so {@code openapi.json} does not list them.
 *
 * <p>The console sends the agent's token to the WebSocket it opens, so where it may connect is bounded twice: the
 * console refuses a {@code ?ws=} that is neither its own host (any port) nor listed, and every console response
 * carries a {@code Content-Security-Policy} whose {@code connect-src} allows only this origin, WebSockets to the page's
 * own host and the listed URLs, so the browser itself refuses any other connection.
 */
public final class ConsoleRoutes {
  public static final String PATH = "/console";
  public static final String CONFIG = PATH + "/config.json";
  /** A Host header we are willing to write into a policy: a name or address and an optional port. */
  private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

  private ConsoleRoutes() {
  }

  public static void mount(Router router, List<String> pushUrls) {
    String listed = String.join(" ", OriginPolicy.sources(pushUrls));
    JsonObject config = new JsonObject().put("push_urls", new JsonArray(List.copyOf(pushUrls)));
    router.route(PATH + "*").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", policy(ctx, listed));
      ctx.next();
    });
    // Relative links in index.html need the trailing slash; Vert.x matches this route for "/console/" too.
    router.get(PATH).handler(ctx -> {
      if (ctx.request().path().equals(PATH)) {
        ctx.redirect(PATH + "/");
      } else {
        ctx.next();
      }
    });
    router.get(CONFIG).handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(config.encode()));
    router.get(PATH + "/*").handler(StaticHandler.create("console"));
  }

  /** {@code connect-src}: this origin, WebSockets to the page's own host on any port, the listed push URLs. */
  static String policy(RoutingContext ctx, String listed) {
    String host = hostName(ctx.request().getHeader("Host"));
    StringBuilder connect = new StringBuilder("connect-src 'self'");
    if (host != null) {
      connect.append(" ws://").append(host).append(":* wss://").append(host).append(":*");
    }
    if (!listed.isEmpty()) {
      connect.append(' ').append(listed);
    }
    return connect + "; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
  }

  /** The host part of a Host header ("127.0.0.1:8080" → "127.0.0.1"), or null when it is not a plain host. */
  private static String hostName(String header) {
    if (header == null) {
      return null;
    }
    int colon = header.lastIndexOf(':');
    String host = colon > header.lastIndexOf(']') ? header.substring(0, colon) : header;
    return SAFE_HOST.matcher(host).matches() ? host : null;
  }
}
