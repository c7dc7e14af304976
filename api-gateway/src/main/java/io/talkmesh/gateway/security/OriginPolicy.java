package io.talkmesh.gateway.security;

import io.talkmesh.common.error.TalkException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may call the API: the gateway's own (the {@code Origin}'s host and port equal the request's
 * {@code Host}) and those of {@code TALK_CORS_ORIGINS}. A request with any other {@code Origin} is answered
 * 403 {@code CORS_ORIGIN_REFUSED} with the error body and no CORS headers (so a browser lets the page read nothing),
 * before anything else runs. Listed origins get the CORS headers (and preflight answers) of Vert.x's
 * {@link CorsHandler}.
 *
 * <p>It also guards cookie authentication against cross-site request forgery: a request whose token came from the
 * {@code token} cookie and whose method changes state must carry an {@code Origin} (or, absent that, a
 * {@code Referer}) of an allowed origin ({@link #checkCookieRequest}).
 */
public final class OriginPolicy {
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
  private final List<String> listed;
  private final CorsHandler cors;

  public OriginPolicy(List<String> corsOrigins) {
    this.listed = corsOrigins.stream().map(OriginPolicy::normalise).toList();
    this.cors = corsOrigins.isEmpty() ? null : CorsHandler.create().addOrigins(corsOrigins)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "traceparent"))
        .exposedHeaders(Set.of("X-Request-Id", "Retry-After"))
        .maxAgeSeconds(600);
  }

  /** Checks {@code TALK_CORS_ORIGINS}: each entry a {@code scheme://host[:port]} origin. */
  public static List<String> origins(String variable, List<String> entries) {
    for (String entry : entries) {
      URI uri = uri(entry);
      if (uri == null || !(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())))
          || uri.getHost() == null || !(uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))
          || uri.getQuery() != null || uri.getUserInfo() != null) {
        throw new IllegalArgumentException(variable + " must be comma-separated origins such as https://console.example.com,"
            + " got '" + entry + "'");
      }
    }
    return List.copyOf(entries);
  }

  /** Checks {@code TALK_CONSOLE_PUSH_URLS}: each entry a {@code ws://} or {@code wss://} URL with a host. */
  public static List<String> pushUrls(String variable, List<String> entries) {
    for (String entry : entries) {
      URI uri = uri(entry);
      if (uri == null || !("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
        throw new IllegalArgumentException(variable + " must be comma-separated ws:// or wss:// URLs such as"
            + " wss://push.example.com/v1.0/ws, got '" + entry + "'");
      }
    }
    return List.copyOf(entries);
  }

  /** The handler mounted on every route, before authentication. */
  public Handler<RoutingContext> handler() {
    return ctx -> {
      String origin = ctx.request().getHeader("Origin");
      if (origin == null || sameOrigin(ctx.request(), origin)) {
        ctx.next();
      } else if (listed.contains(normalise(origin))) {
        cors.handle(ctx);
      } else {
        ctx.fail(TalkException.denied("CORS_ORIGIN_REFUSED",
            "requests from origin %s are not allowed (TALK_CORS_ORIGINS)", printable(origin)));
      }
    };
  }

  /**
   * For a request authenticated by the {@code token} cookie: a state-changing method needs an {@code Origin} (else a
   * {@code Referer}) of the gateway's own origin or a listed one; otherwise 403 {@code CROSS_SITE_REQUEST_REFUSED}.
   */
  public void checkCookieRequest(HttpServerRequest request) {
    if (SAFE.contains(request.method())) {
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      URI referer = uri(request.getHeader("Referer"));
      origin = referer == null || referer.getScheme() == null || referer.getRawAuthority() == null ? null
          : referer.getScheme() + "://" + referer.getRawAuthority();
    }
    if (origin == null || !(sameOrigin(request, origin) || listed.contains(normalise(origin)))) {
      throw TalkException.denied("CROSS_SITE_REQUEST_REFUSED", "a %s authenticated by the token cookie needs an Origin"
          + " or Referer of this site or of TALK_CORS_ORIGINS; send the token in the Authorization header instead",
          request.method().name());
    }
  }

  /** Whether {@code origin} is the origin the request was sent to: its host and port equal the {@code Host} header. */
  static boolean sameOrigin(HttpServerRequest request, String origin) {
    URI uri = uri(origin);
    String host = request.getHeader("Host");
    if (host == null && request.authority() != null) {
      host = request.authority().toString();
    }
    if (uri == null || uri.getScheme() == null || uri.getRawAuthority() == null || host == null) {
      return false;
    }
    return authority(uri.getScheme(), uri.getRawAuthority()).equals(authority(uri.getScheme(), host));
  }

  /** host:port in lower case, the scheme's default port made explicit. */
  private static String authority(String scheme, String authority) {
    String lower = authority.toLowerCase(Locale.ROOT);
    boolean hasPort = lower.lastIndexOf(':') > lower.lastIndexOf(']');
    if (hasPort) {
      return lower;
    }
    return lower + ":" + (scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("wss") ? 443 : 80);
  }

  private static String normalise(String origin) {
    URI uri = uri(origin);
    if (uri == null || uri.getScheme() == null || uri.getRawAuthority() == null) {
      return "";
    }
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + authority(uri.getScheme(), uri.getRawAuthority());
  }

  private static URI uri(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String printable(String value) {
    String cut = value.length() > 100 ? value.substring(0, 100) + "…" : value;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** The hosts a console page may open WebSockets to, for its {@code connect-src}: see {@code ConsoleRoutes}. */
  public static List<String> sources(List<String> pushUrls) {
    List<String> sources = new ArrayList<>();
    for (String url : pushUrls) {
      URI uri = uri(url);
      sources.add(uri.getScheme() + "://" + uri.getRawAuthority());
    }
    return sources;
  }
}
