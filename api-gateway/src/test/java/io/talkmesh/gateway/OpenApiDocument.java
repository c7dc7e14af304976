package io.talkmesh.gateway;

import io.talkmesh.common.operation.Param;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Reads the gateway's OpenAPI document the way the checks against the route table and the operation catalogue need
 * it: one operation's parameters, request body properties and answer schema, local {@code $ref}s followed, and a
 * sample JSON value of a schema with every property it declares.
 */
final class OpenApiDocument {
  private static final String SCHEMAS = "#/components/schemas/";

  private final JsonObject document;

  OpenApiDocument(JsonObject document) {
    this.document = document;
  }

  /** The operation object of this method on this path ({@code {name}} parameters), or null. */
  JsonObject operation(String method, String path) {
    JsonObject item = document.getJsonObject("paths").getJsonObject(path);
    return item == null ? null : item.getJsonObject(method.toLowerCase());
  }

  /** The parameters {@code in} ("query" or "path") of an operation, path-item level ones included: name → type. */
  Map<String, Param.Type> parameters(String method, String path, String in) {
    JsonArray params = new JsonArray()
        .addAll(document.getJsonObject("paths").getJsonObject(path).getJsonArray("parameters", new JsonArray()))
        .addAll(operation(method, path).getJsonArray("parameters", new JsonArray()));
    Map<String, Param.Type> found = new TreeMap<>();
    for (Object p : params) {
      JsonObject param = resolve((JsonObject) p);
      if (in.equals(param.getString("in"))) {
        found.put(param.getString("name"), type(resolve(param.getJsonObject("schema", new JsonObject()))));
      }
    }
    return found;
  }

  /** The top-level properties of an operation's JSON request body, or null when it documents no body. */
  TreeSet<String> requestBodyProperties(String method, String path) {
    JsonObject body = operation(method, path).getJsonObject("requestBody");
    if (body == null) {
      return null;
    }
    JsonObject schema = resolve(body.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema"));
    return new TreeSet<>(schema.getJsonObject("properties", new JsonObject()).fieldNames());
  }

  /** The schema of an operation's 200 answer. */
  JsonObject answer(String method, String path) {
    return operation(method, path).getJsonObject("responses").getJsonObject("200").getJsonObject("content")
        .getJsonObject("application/json").getJsonObject("schema");
  }

  /**
   * A schema's name in the catalogue's words: {@code X} for a reference to component X, {@code X[]} for an array of
   * them, {@code Page<X>} for the component {@code XPage}; null for an unnamed schema.
   */
  static String catalogueName(JsonObject schema) {
    String ref = schema.getString("$ref");
    if (ref != null && ref.startsWith(SCHEMAS)) {
      String name = ref.substring(SCHEMAS.length());
      return name.endsWith("Page") ? "Page<" + name.substring(0, name.length() - "Page".length()) + ">" : name;
    }
    if ("array".equals(schema.getString("type")) && schema.getJsonObject("items") != null) {
      String item = catalogueName(schema.getJsonObject("items"));
      return item == null ? null : item + "[]";
    }
    return null;
  }

  /**
   * A value of the schema with every declared property present: the property's example, else its first enum value,
   * else a value of its type and format; arrays hold one item.
   */
  Object sample(JsonObject maybeRef) {
    JsonObject schema = resolve(maybeRef);
    if (schema.containsKey("example")) {
      return schema.getValue("example");
    }
    if (schema.getJsonArray("enum") != null) {
      return schema.getJsonArray("enum").getValue(0);
    }
    String type = schema.getString("type", schema.containsKey("properties") ? "object" : "string");
    return switch (type) {
      case "object" -> {
        JsonObject object = new JsonObject();
        schema.getJsonObject("properties", new JsonObject()).forEach(p ->
            object.put(p.getKey(), sample((JsonObject) p.getValue())));
        yield object;
      }
      case "array" -> new JsonArray().add(sample(schema.getJsonObject("items", new JsonObject())));
      case "integer" -> 1;
      case "number" -> 1.5;
      case "boolean" -> true;
      default -> "uuid".equals(schema.getString("format")) ? UUID.randomUUID().toString() : "text";
    };
  }

  /** Every key of a JSON value as a path ({@code result[].id}, {@code metadata.reactions[].emoji}). */
  static TreeSet<String> keys(Object json) {
    TreeSet<String> keys = new TreeSet<>();
    collectKeys(json, "", keys);
    return keys;
  }

  private static void collectKeys(Object json, String prefix, TreeSet<String> keys) {
    if (json instanceof JsonObject object) {
      for (String name : object.fieldNames()) {
        keys.add(prefix + name);
        collectKeys(object.getValue(name), prefix + name + ".", keys);
      }
    } else if (json instanceof JsonArray array) {
      String items = prefix.isEmpty() ? "[]." : prefix.substring(0, prefix.length() - 1) + "[].";
      array.forEach(item -> collectKeys(item, items, keys));
    }
  }

  /** Follows local {@code $ref}s ({@code #/components/...}) to the schema or parameter they name. */
  JsonObject resolve(JsonObject maybeRef) {
    String ref = maybeRef.getString("$ref");
    if (ref == null) {
      return maybeRef;
    }
    JsonObject node = document;
    for (String part : ref.substring(2).split("/")) {
      node = node.getJsonObject(part);
      if (node == null) {
        throw new AssertionError("$ref " + ref + " does not resolve");
      }
    }
    return resolve(node);
  }

  private static Param.Type type(JsonObject schema) {
    if ("uuid".equals(schema.getString("format"))) {
      return Param.Type.UUID;
    }
    return "integer".equals(schema.getString("type")) ? Param.Type.INTEGER : Param.Type.STRING;
  }
}
