package io.talkmesh.common.operation;

import io.talkmesh.common.json.PageRequest;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decoded request of an operation, as a record: its decoder ({@code static from(OperationInput)}) is the one place
 * its input is read; these methods are the way back, for the typed client to put it in an RPC envelope. Components
 * are body fields unless marked {@link FromPath} or {@link FromQuery}.
 */
public interface Request {
  /** The values of the operation's path placeholders. */
  default Map<String, String> pathParams() {
    return Map.of();
  }

  /** Its query parameters; null values are left out. */
  default Map<String, String> queryParams() {
    return Map.of();
  }

  /** Its JSON body; null when the operation reads none. */
  default JsonObject toBody() {
    return null;
  }

  /** The query of a page request: {@code page_size} and, after the first page, {@code page_token}. */
  static Map<String, String> page(PageRequest page) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("page_size", Integer.toString(page.size()));
    if (!page.first()) {
      query.put("page_token", PageRequest.tokenAfter(page.afterTime(), page.afterId()));
    }
    return query;
  }

  /** A query of one value followed by a page request's. */
  static Map<String, String> withPage(String name, Object value, PageRequest page) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put(name, value == null ? null : value.toString());
    query.putAll(page(page));
    return query;
  }
}
