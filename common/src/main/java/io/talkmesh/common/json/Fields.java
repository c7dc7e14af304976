package io.talkmesh.common.json;

import io.talkmesh.common.error.TalkException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Typed reads of fields from JSON that came from outside; a wrong type is a 400 that names the field. */
public final class Fields {
  private Fields() {
  }

  public static String optionalString(JsonObject json, String field, String defaultValue) {
    Object value = json.getValue(field);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof String s)) {
      throw TalkException.invalid("INVALID_FIELD", "%s must be a string", field);
    }
    return s;
  }

  public static String requiredString(JsonObject json, String field) {
    String value = optionalString(json, field, null);
    if (value == null || value.isEmpty()) {
      throw TalkException.invalid("MISSING_FIELD", "%s is required", field);
    }
    return value;
  }

  public static String limited(String field, String value, int maxLength) {
    if (value != null && value.length() > maxLength) {
      throw TalkException.invalid("FIELD_TOO_LONG", "%s is longer than %d characters", field, maxLength);
    }
    return value;
  }

  public static JsonArray optionalArray(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray array)) {
      throw TalkException.invalid("INVALID_FIELD", "%s must be an array", field);
    }
    return array;
  }

  public static JsonObject object(Object value, String field) {
    if (!(value instanceof JsonObject object)) {
      throw TalkException.invalid("INVALID_FIELD", "%s must be an object", field);
    }
    return object;
  }
}
