package io.talkmesh.devstack.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A client written against VoIPBIN's spec: before it sends a request it checks the request by the spec (a test
 * that sends what VoIPBIN would refuse proves nothing), and it checks every answer by the spec's schema for that
 * path, method and status, and against the status VoIPBIN gives. What differs it notes as a {@link Divergence}
 * rather than failing at once, so that one run lists every difference.
 */
final class VoipbinClient implements AutoCloseable {
  /** What {@code curl -d} sends a JSON body as. */
  static final String CURL_FORM = "application/x-www-form-urlencoded";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebClient client;
  private final VoipbinSpec spec;
  private final Set<Divergence> divergences = new LinkedHashSet<>();
  private final Set<String> exercised = new LinkedHashSet<>();
  private int requests;

  /** A request as the test means it: its route as talk-mesh's table writes it and the values of its parameters. */
  record Call(String method, String route, List<String> pathArgs, Map<String, String> query, String token,
      JsonObject body, String contentType, Integer expected) {
    static Call of(String method, String route, String token, String... pathArgs) {
      return new Call(method, route, List.of(pathArgs), Map.of(), token, null, "application/json", null);
    }

    Call query(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(query);
      more.put(name, value);
      return new Call(method, route, pathArgs, more, token, body, contentType, expected);
    }

    Call body(JsonObject json) {
      return new Call(method, route, pathArgs, query, token, json, contentType, expected);
    }

    /** The body sent with this content type instead of {@code application/json}. */
    Call as(String type) {
      return new Call(method, route, pathArgs, query, token, body, type, expected);
    }

    /** The status VoIPBIN answers this request with, where it is not the spec's success status. */
    Call expect(int status) {
      return new Call(method, route, pathArgs, query, token, body, contentType, status);
    }

    String key() {
      return method + " " + route;
    }

    String uri() {
      String path = route;
      for (String arg : pathArgs) {
        path = path.replaceFirst(":[a-z_]+", arg);
      }
      if (query.isEmpty()) {
        return path;
      }
      return path + "?" + query.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
          StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
  }

  /** An answer: its status, its body as JSON (null when empty or not JSON) and as sent. */
  record Answer(int status, JsonObject json, String raw) {
    @Override
    public String toString() {
      return status + " " + raw;
    }
  }

  VoipbinClient(Vertx vertx, int port, VoipbinSpec spec) {
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true));
    this.spec = spec;
  }

  /** Checks the request by the spec, sends it, and checks the answer; a route the spec lacks is sent unchecked. */
  Answer send(Call call) {
    SpecOperation operation = spec.operation(call.method(), call.route()).orElse(null);
    if (operation != null) {
      exercised.add(call.key());
      // The spec's request schemas bind the test client: a broken request here is this test's bug, not talk-mesh's.
      List<String> wrong = new ArrayList<>(operation.query(call.query()));
      wrong.addAll(operation.requestBody(call.body() == null ? null : node(call.body().encode())));
      if (!wrong.isEmpty()) {
        throw new AssertionError("the test's own request breaks VoIPBIN's spec: " + call.key() + " " + wrong);
      }
    }
    Answer answer = exchange(call);
    requests++;
    if (operation == null) {
      return answer;
    }
    int expected = call.expected() != null ? call.expected() : operation.successStatus().orElse(200);
    if (answer.status() != expected) {
      note(call, "answered " + answer.status() + reason(answer) + " where VoIPBIN answers " + expected);
    }
    JsonNode body = answer.raw() == null || answer.raw().isEmpty() ? null : node(answer.raw());
    operation.response(answer.status(), body).forEach(what -> note(call, what));
    return answer;
  }

  /** Notes a difference the test found by looking at answers together (paging, idempotency). */
  void note(Call call, String what) {
    divergences.add(new Divergence(call.key(), what));
  }

  List<Divergence> divergences() {
    return List.copyOf(divergences);
  }

  /** Every route (talk-mesh's spelling) the spec also has that this client sent a request to. */
  Set<String> exercised() {
    return Set.copyOf(exercised);
  }

  int requests() {
    return requests;
  }

  private Answer exchange(Call call) {
    HttpRequest<Buffer> request = client.request(HttpMethod.valueOf(call.method()), call.uri());
    if (call.token() != null) {
      request.bearerTokenAuthentication(call.token());
    }
    try {
      HttpResponse<Buffer> response = (call.body() == null ? request.send()
          : request.putHeader("Content-Type", call.contentType()).sendBuffer(call.body().toBuffer()))
          .await(15, TimeUnit.SECONDS);
      String raw = response.bodyAsString();
      JsonObject json = null;
      if (raw != null && raw.startsWith("{")) {
        json = new JsonObject(raw);
      }
      return new Answer(response.statusCode(), json, raw);
    } catch (Exception e) {
      throw new AssertionError(call.key() + " (" + call.uri() + ") failed: " + e, e);
    }
  }

  private static JsonNode node(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(json);
    }
  }

  private static String reason(Answer answer) {
    JsonObject error = answer.json() == null ? null : answer.json().getJsonObject("error");
    return error == null || error.getString("reason") == null ? "" : " " + error.getString("reason");
  }

  @Override
  public void close() {
    client.close();
  }
}
