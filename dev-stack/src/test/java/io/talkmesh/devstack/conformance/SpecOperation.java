package io.talkmesh.devstack.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.ValidationMessage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One operation of VoIPBIN's spec (path and method): the schemas its request body, its query parameters and each
 * documented response status must satisfy, as validation messages.
 */
record SpecOperation(VoipbinSpec spec, String iri, JsonNode document, String path, String method, JsonNode node) {
  private static final String JSON_BODY = "/content/application~1json/schema";

  /** VoIPBIN's route as its spec writes it, e.g. {@code POST /service_agents/talk_chats/{id}/join}. */
  String name() {
    return method.toUpperCase() + " " + path;
  }

  /** What is wrong with this request body by the spec's JSON request schema (none when it has no body schema). */
  List<String> requestBody(JsonNode body) {
    if (!node.path("requestBody").path("content").has("application/json")) {
      return body == null ? List.of() : List.of("a request body where the spec has none");
    }
    if (body == null) {
      return node.path("requestBody").path("required").asBoolean(false) ? List.of("no request body; the spec requires one")
          : List.of();
    }
    return messages("request body", validate(operationPointer() + "/requestBody" + JSON_BODY, body));
  }

  /** What is wrong with these query parameters: missing required ones, and values their schema does not allow. */
  List<String> query(Map<String, String> query) {
    List<String> wrong = new ArrayList<>();
    JsonNode parameters = node.path("parameters");
    for (int i = 0; i < parameters.size(); i++) {
      String pointer = operationPointer() + "/parameters/" + i;
      JsonNode parameter = parameters.get(i);
      if (parameter.has("$ref")) {
        pointer = parameter.get("$ref").asText().substring(1);
        parameter = document.at(pointer);
      }
      if (!"query".equals(parameter.path("in").asText())) {
        continue;
      }
      String name = parameter.path("name").asText();
      String value = query.get(name);
      if (value == null) {
        if (parameter.path("required").asBoolean(false)) {
          wrong.add("query " + name + " missing; the spec requires it");
        }
        continue;
      }
      wrong.addAll(messages("query " + name, validate(pointer + "/schema", queryValue(parameter, value))));
    }
    return wrong;
  }

  /** What is wrong with a response of this status and body: a status the spec does not list, or a body its schema rejects. */
  List<String> response(int status, JsonNode body) {
    JsonNode response = node.path("responses").path(Integer.toString(status));
    String pointer = operationPointer() + "/responses/" + status;
    if (response.isMissingNode()) {
      return List.of("status " + status + " is not one the spec lists (" + documentedStatuses() + ")");
    }
    if (response.has("$ref")) {
      pointer = response.get("$ref").asText().substring(1);
      response = document.at(pointer);
    }
    if (!response.path("content").has("application/json")) {
      return List.of();
    }
    if (body == null) {
      return List.of("status " + status + " without the JSON body the spec gives it");
    }
    List<String> wrong = new ArrayList<>(messages("response " + status, validate(pointer + JSON_BODY, body)));
    if (status / 100 == 2) {
      absentFields(document.at(pointer + JSON_BODY), body, "").forEach(field -> wrong.add("response " + status
          + ": field " + field + " the spec's schema names is absent"));
    }
    return wrong;
  }

  /**
   * The fields the schema names that the body lacks: VoIPBIN's schemas mark none required, yet its server writes
   * every field, and a client reads them. Looked at: the object's own fields and those of a list's first item.
   */
  private List<String> absentFields(JsonNode schema, JsonNode body, String at) {
    schema = resolved(schema);
    List<String> absent = new ArrayList<>();
    if (schema.has("allOf")) {
      schema.get("allOf").forEach(part -> absent.addAll(absentFields(part, body, at)));
      return absent;
    }
    if (schema.has("items") && body.isArray() && !body.isEmpty()) {
      return absentFields(schema.get("items"), body.get(0), at + "/*");
    }
    if (!body.isObject()) {
      return absent;
    }
    schema.path("properties").fields().forEachRemaining(field -> {
      if (!body.has(field.getKey())) {
        absent.add(at + "/" + field.getKey());
      } else if ("result".equals(field.getKey())) {
        absent.addAll(absentFields(field.getValue(), body.get("result"), at + "/result"));
      }
    });
    return absent;
  }

  private JsonNode resolved(JsonNode schema) {
    while (schema.has("$ref")) {
      schema = document.at(schema.get("$ref").asText().substring(1));
    }
    return schema;
  }

  /** The statuses the spec lists for this operation, e.g. {@code [200, 400, 401]}. */
  List<String> documentedStatuses() {
    List<String> statuses = new ArrayList<>();
    node.path("responses").fieldNames().forEachRemaining(statuses::add);
    return statuses;
  }

  /** The spec's success status for this operation (the first 2xx it lists). */
  Optional<Integer> successStatus() {
    return documentedStatuses().stream().filter(s -> s.startsWith("2")).findFirst().map(Integer::valueOf);
  }

  private Set<ValidationMessage> validate(String pointer, JsonNode instance) {
    return spec.schema(iri, pointer).validate(instance);
  }

  /** A query value as the JSON its schema types it: a number for a numeric parameter that parses as one. */
  private static JsonNode queryValue(JsonNode parameter, String value) {
    String type = parameter.path("schema").path("type").asText();
    if ("integer".equals(type) || "number".equals(type)) {
      try {
        return JsonNodeFactory.instance.numberNode(Long.parseLong(value));
      } catch (NumberFormatException notWhole) {
        try {
          return JsonNodeFactory.instance.numberNode(new BigDecimal(value));
        } catch (NumberFormatException notNumber) {
          return JsonNodeFactory.instance.textNode(value);
        }
      }
    }
    return JsonNodeFactory.instance.textNode(value);
  }

  private String operationPointer() {
    return "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method;
  }

  private static List<String> messages(String where, Set<ValidationMessage> messages) {
    // array indices vary from run to run; the field they point at is the difference
    return messages.stream().map(m -> where + ": " + m.getType() + ": "
        + m.getMessage().replaceAll("/\\d+(?=/|:| |$)", "/*")).sorted().distinct().toList();
  }
}
