package io.talkmesh.common.operation;

import io.talkmesh.common.json.PageRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where each component of a request record travels, and under which wire name: the one statement of the mapping
 * that the typed client encodes with and the public documents are checked against. A component is the body field
 * of its name in snake_case ({@code parentId} is {@code parent_id}), a path placeholder when marked
 * {@link FromPath}, a query parameter when marked {@link FromQuery} (a {@link PageRequest} stands for
 * {@code page_size} and {@code page_token}).
 */
public final class RequestFields {
  /** Where a component goes. */
  public enum Place {
    PATH,
    QUERY,
    BODY
  }

  /** One component: its wire name and place. */
  public record Field(String name, Place place, RecordComponent component) {
    Object valueOf(Object request) {
      try {
        return component.getAccessor().invoke(request);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + component, e);
      }
    }
  }

  private static final ClassValue<RequestFields> CACHE = new ClassValue<>() {
    @Override
    protected RequestFields computeValue(Class<?> type) {
      return new RequestFields(type);
    }
  };

  private final List<Field> fields;

  private RequestFields(Class<?> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type + " is not a record");
    }
    List<Field> list = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      FromPath path = c.getAnnotation(FromPath.class);
      Place place = path != null ? Place.PATH : c.isAnnotationPresent(FromQuery.class) ? Place.QUERY : Place.BODY;
      String name = path != null && !path.value().isEmpty() ? path.value() : snake(c.getName());
      list.add(new Field(name, place, c));
    }
    fields = List.copyOf(list);
  }

  /** The fields of a request record type. */
  public static RequestFields of(Class<?> requestType) {
    return CACHE.get(requestType);
  }

  public List<Field> fields() {
    return fields;
  }

  /** The wire names of the body fields, in component order. */
  public List<String> bodyFields() {
    return fields.stream().filter(f -> f.place() == Place.BODY).map(Field::name).toList();
  }

  /** {@code parentId} → {@code parent_id}. */
  public static String snake(String camel) {
    StringBuilder out = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  Map<String, String> path(Object request) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Field f : fields) {
      if (f.place() == Place.PATH) {
        values.put(f.name(), String.valueOf(f.valueOf(request)));
      }
    }
    return values;
  }

  Map<String, String> query(Object request) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Field f : fields) {
      Object value = f.place() == Place.QUERY ? f.valueOf(request) : null;
      if (value instanceof PageRequest page) {
        values.put("page_size", Integer.toString(page.size()));
        if (!page.first()) {
          values.put("page_token", PageRequest.tokenAfter(page.afterTime(), page.afterId()));
        }
      } else if (value != null) {
        values.put(f.name(), value.toString());
      }
    }
    return values;
  }

  JsonObject body(Object request) {
    JsonObject body = new JsonObject();
    for (Field f : fields) {
      Object value = f.place() == Place.BODY ? f.valueOf(request) : null;
      if (value != null) {
        body.put(f.name(), json(value));
      }
    }
    return body;
  }

  /** A component's value as JSON: ids as strings, lists as arrays, nested records as objects. */
  private static Object json(Object value) {
    if (value instanceof UUID) {
      return value.toString();
    }
    if (value instanceof Collection<?> items) {
      JsonArray array = new JsonArray();
      items.forEach(item -> array.add(json(item)));
      return array;
    }
    if (value instanceof Record nested && !(value instanceof Request)) {
      return of(nested.getClass()).body(nested);
    }
    return value;
  }
}
