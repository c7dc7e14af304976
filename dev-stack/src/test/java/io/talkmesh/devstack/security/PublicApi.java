package io.talkmesh.devstack.security;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The public HTTP API as the gateway's own OpenAPI document ({@code GET /v1.0/openapi.json}) describes it: every
 * operation with its path and query parameters and its body fields. The security tests take their route list from
 * here, so a route added to the API (and, as {@code OpenApiDocumentTest} enforces, to the document) is fuzzed and
 * checked for tenant isolation without editing them.
 */
final class PublicApi {
  static final String DOCUMENT = "/v1.0/openapi.json";

  /** A path or query parameter; {@code format} is "uuid", "integer" or "string". */
  record Param(String name, boolean required, String format) {
  }

  /** One method on one path. {@code secured}: needs a token (everything but login, health and the document). */
  record Operation(HttpMethod method, String path, List<Param> pathParams, List<Param> query, boolean hasBody,
                   List<String> bodyFields, boolean secured) {
    /** The path with its {@code {name}} placeholders replaced by the given (already URL-encoded) values. */
    String uri(Map<String, String> pathValues) {
      String uri = path;
      for (Param p : pathParams) {
        String value = pathValues.get(p.name());
        if (value == null) {
          throw new IllegalArgumentException("no value for {" + p.name() + "} of " + this);
        }
        uri = uri.replace("{" + p.name() + "}", value);
      }
      return uri;
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** Which kind of thing a path or query id names, in the words of {@link Tenant#ids()}. */
  private static final Map<String, String> RESOURCE_KINDS = Map.ofEntries(Map.entry("agents", "agent"),
      Map.entry("talk_chats", "chat"), Map.entry("chats", "chat"), Map.entry("talk_messages", "message"),
      Map.entry("chatmessages", "message"), Map.entry("chatrooms", "chatroom"),
      Map.entry("chatroommessages", "chatroommessage"), Map.entry("talks", "chat"), Map.entry("messages", "message"),
      Map.entry("customers", "customer"), Map.entry("webhook_endpoints", "webhook_endpoint"));
  private static final Map<String, String> PARAM_KINDS = Map.of("participant_id", "participant", "chat_id", "chat",
      "chatroom_id", "chatroom", "owner_id", "agent", "message_id", "message", "parked_id", "webhook_parked");

  private PublicApi() {
  }

  /**
   * The kind of thing an id parameter of an operation names: {@code {id}} by the path segment before it, other
   * parameters by their name. A new route whose ids this does not know fails loudly rather than go unchecked.
   */
  static String idKind(Operation op, Param param) {
    if (param.name().equals("id")) {
      String[] segments = op.path().split("/");
      for (int i = 1; i < segments.length; i++) {
        if (segments[i].equals("{id}") && RESOURCE_KINDS.containsKey(segments[i - 1])) {
          return RESOURCE_KINDS.get(segments[i - 1]);
        }
      }
    } else if (PARAM_KINDS.containsKey(param.name())) {
      return PARAM_KINDS.get(param.name());
    }
    throw new AssertionError("the security tests do not know what kind of id '" + param.name() + "' of " + op
        + " names: add it to PublicApi.RESOURCE_KINDS or PARAM_KINDS");
  }

  /** Every operation of the document the gateway serves. */
  static List<Operation> read(RawHttp http) {
    RawHttp.Reply reply = http.send(RawHttp.Request.of(HttpMethod.GET, DOCUMENT), HttpContract.DEADLINE);
    if (reply.status() != 200 || !(reply.json() instanceof JsonObject document)) {
      throw new AssertionError("the gateway did not serve its OpenAPI document: " + reply);
    }
    return operations(document);
  }

  static List<Operation> operations(JsonObject document) {
    boolean securedByDefault = document.getJsonArray("security", new JsonArray()).size() > 0;
    List<Operation> operations = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : new TreeSet<>(paths.fieldNames())) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!List.of("get", "put", "post", "delete", "patch").contains(method)) {
          continue;
        }
        JsonObject op = item.getJsonObject(method);
        List<Param> pathParams = new ArrayList<>();
        List<Param> query = new ArrayList<>();
        JsonArray params = new JsonArray().addAll(item.getJsonArray("parameters", new JsonArray()))
            .addAll(op.getJsonArray("parameters", new JsonArray()));
        for (Object p : params) {
          JsonObject param = resolve(document, (JsonObject) p);
          JsonObject schema = resolve(document, param.getJsonObject("schema", new JsonObject()));
          String format = "uuid".equals(schema.getString("format")) ? "uuid"
              : "integer".equals(schema.getString("type")) ? "integer" : "string";
          Param parsed = new Param(param.getString("name"), param.getBoolean("required", false), format);
          switch (param.getString("in")) {
            case "path" -> pathParams.add(parsed);
            case "query" -> query.add(parsed);
            default -> {
            }
          }
        }
        List<String> fields = new ArrayList<>();
        JsonObject body = op.getJsonObject("requestBody");
        if (body != null) {
          body.getJsonObject("content", new JsonObject()).forEach(media ->
              collectFields(document, ((JsonObject) media.getValue()).getJsonObject("schema"), fields, 0));
        }
        JsonArray security = op.getJsonArray("security");
        boolean secured = security == null ? securedByDefault : security.size() > 0;
        operations.add(new Operation(HttpMethod.valueOf(method.toUpperCase()), path, pathParams, query,
            body != null, List.copyOf(new TreeSet<>(fields)), secured));
      }
    }
    return operations;
  }

  /** Every property name of a body schema, nested objects and array items included. */
  private static void collectFields(JsonObject document, JsonObject schema, List<String> fields, int depth) {
    if (schema == null || depth > 8) {
      return;
    }
    JsonObject s = resolve(document, schema);
    JsonObject properties = s.getJsonObject("properties");
    if (properties != null) {
      for (String name : properties.fieldNames()) {
        fields.add(name);
        collectFields(document, properties.getJsonObject(name), fields, depth + 1);
      }
    }
    collectFields(document, s.getJsonObject("items"), fields, depth + 1);
    for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
      for (Object part : s.getJsonArray(combinator, new JsonArray())) {
        collectFields(document, (JsonObject) part, fields, depth + 1);
      }
    }
  }

  /** Follows a local {@code $ref} ({@code #/components/...}). */
  private static JsonObject resolve(JsonObject document, JsonObject maybeRef) {
    String ref = maybeRef.getString("$ref");
    if (ref == null) {
      return maybeRef;
    }
    JsonObject target = document;
    for (String part : ref.substring(2).split("/")) {
      target = target.getJsonObject(part);
    }
    return resolve(document, target);
  }
}
