package io.talkmesh.devstack.security;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * What every answer of the public HTTP API must look like, whatever was asked (issue 6): never a 5xx other than
 * 503/504, every error with the body {@code {"error":{"status","reason","message","request_id"}}} whose request id is
 * the {@code X-Request-Id} header, an answer within the RPC timeout plus a margin, and never a password hash.
 */
final class HttpContract {
  /** {@code TALK_RPC_TIMEOUT_MS} (3000, the stack's default) plus a margin for a loaded 2-core machine. */
  static final Duration DEADLINE = Duration.ofMillis(3000 + 4000);
  /** Prefixes of bcrypt hashes (what talk-manager stores): none may ever leave it. */
  static final List<String> HASH_PREFIXES = List.of("$2a$", "$2b$", "$2y$");

  private HttpContract() {
  }

  /** Checks one answer; the failure names the request, so it can be replayed. */
  static void check(RawHttp.Request request, RawHttp.Reply reply) {
    int status = reply.status();
    if (status >= 500 && status != 503 && status != 504) {
      throw new AssertionError("server error " + reply + " for " + request);
    }
    if (reply.elapsed().compareTo(DEADLINE) > 0) {
      throw new AssertionError("answered only after " + reply.elapsed().toMillis() + " ms: " + request);
    }
    for (String prefix : HASH_PREFIXES) {
      if (reply.text().contains(prefix)) {
        throw new AssertionError("a password hash (" + prefix + "…) in " + reply + " for " + request);
      }
    }
    if (status >= 400) {
      checkErrorBody(request, reply);
    }
  }

  static void checkErrorBody(Object request, RawHttp.Reply reply) {
    String problem = errorBodyProblem(reply);
    if (problem != null) {
      throw new AssertionError(problem + ": " + reply + " for " + request);
    }
  }

  private static String errorBodyProblem(RawHttp.Reply reply) {
    if (!(reply.json() instanceof JsonObject body) || !(body.getValue("error") instanceof JsonObject error)) {
      return "error answered without the {\"error\":{…}} body";
    }
    for (String field : List.of("status", "reason", "message", "request_id")) {
      if (!(error.getValue(field) instanceof String s) || s.isEmpty()) {
        return "error body without a non-empty string '" + field + "'";
      }
    }
    if ("INTERNAL".equals(error.getString("status"))) {
      return "an INTERNAL error";
    }
    String header = reply.headers().get("X-Request-Id");
    if (header != null && !header.equals(error.getString("request_id"))) {
      return "request_id " + error.getString("request_id") + " is not the X-Request-Id header " + header;
    }
    return null;
  }
}
