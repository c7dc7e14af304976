package io.talkmesh.push.session;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an upgrade request carries to authenticate: the token and where it came from. Sources in order: the
 * {@code Sec-WebSocket-Protocol} entry {@code bearer.<JWT>} (browsers cannot set headers on a WebSocket, and this keeps
 * the token out of URLs and logs), {@code Authorization: Bearer}, {@code ?token=}, cookie {@code token}. Only a cookie
 * is sent by the browser on its own, so only a cookie-borne upgrade needs its {@code Origin} checked
 * ({@link #originAllowed}): same host as the request (any port) or one of {@code TALK_CORS_ORIGINS}.
 */
final class Handshake {
  /** The subprotocol the server selects; clients offer it beside {@code bearer.<JWT>}. */
  static final String SUBPROTOCOL = "talk-mesh";
  static final String BEARER_PREFIX = "bearer.";

  enum Source { SUBPROTOCOL, HEADER, QUERY, COOKIE }

  record Credential(String token, Source source) {
  }

  private Handshake() {
  }

  /** The query parameter with which a client of the talks API (seed 003) opts in to its event names. */
  static final String EVENTS = "events";
  static final String EVENTS_TALKS = "talks";

  /**
   * Whether the upgrade asks for the talks API's frames ({@code ?events=talks}); absent or empty: the Talk frames.
   * Empty Optional: a value this server does not know (refused before the upgrade, not silently ignored).
   */
  static Optional<Boolean> talksEvents(HttpServerRequest request) {
    String events = request.getParam(EVENTS);
    if (events == null || events.isEmpty()) {
      return Optional.of(false);
    }
    return events.equals(EVENTS_TALKS) ? Optional.of(true) : Optional.empty();
  }

  static Optional<Credential> credential(HttpServerRequest request) {
    for (String offered : request.headers().getAll("Sec-WebSocket-Protocol")) {
      for (String protocol : offered.split(",")) {
        String p = protocol.trim();
        if (p.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length()) && p.length() > BEARER_PREFIX.length()) {
          return Optional.of(new Credential(p.substring(BEARER_PREFIX.length()), Source.SUBPROTOCOL));
        }
      }
    }
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && !header.substring(7).trim().isEmpty()) {
      return Optional.of(new Credential(header.substring(7).trim(), Source.HEADER));
    }
    String query = request.getParam("token");
    if (query != null && !query.isEmpty()) {
      return Optional.of(new Credential(query, Source.QUERY));
    }
    Cookie cookie = request.getCookie("token");
    if (cookie != null && !cookie.getValue().isEmpty()) {
      return Optional.of(new Credential(cookie.getValue(), Source.COOKIE));
    }
    return Optional.empty();
  }

  /** Whether the request's Origin is its own host (any port or scheme) or one of the allowed origins. */
  static boolean originAllowed(HttpServerRequest request, List<String> allowed) {
    String origin = request.getHeader("Origin");
    if (origin == null || origin.isBlank()) {
      return false;
    }
    String normalized = origin.trim().toLowerCase(Locale.ROOT);
    if (normalized.endsWith("/")) {
      normalized = normalized.substring(0, normalized.length() - 1);
    }
    if (allowed.contains(normalized)) {
      return true;
    }
    String originHost;
    try {
      originHost = new URI(normalized).getHost();
    } catch (URISyntaxException e) {
      return false;
    }
    String host = request.getHeader("Host");
    return originHost != null && host != null && originHost.equals(hostOf(host.trim().toLowerCase(Locale.ROOT)));
  }

  /** The host of a Host header: without its port, IPv6 literals keeping their brackets as URI.getHost() does. */
  private static String hostOf(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }
}
