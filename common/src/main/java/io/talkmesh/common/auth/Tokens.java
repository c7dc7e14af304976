package io.talkmesh.common.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/** Finds the bearer token of a request: {@code Authorization: Bearer}, then {@code ?token=}, then cookie {@code token}. */
public final class Tokens {
  private Tokens() {
  }

  public static Optional<String> find(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = header.substring(7).trim();
      if (!token.isEmpty()) {
        return Optional.of(token);
      }
    }
    String query = request.getParam("token");
    if (query != null && !query.isEmpty()) {
      return Optional.of(query);
    }
    Cookie cookie = request.getCookie("token");
    if (cookie != null && !cookie.getValue().isEmpty()) {
      return Optional.of(cookie.getValue());
    }
    return Optional.empty();
  }

  /** Whether {@link #find} takes the request's token from the {@code token} cookie (no header or query token). */
  public static boolean fromCookie(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && !header.substring(7).trim().isEmpty();
    String query = request.getParam("token");
    Cookie cookie = request.getCookie("token");
    return !bearer && (query == null || query.isEmpty()) && cookie != null && !cookie.getValue().isEmpty();
  }
}
