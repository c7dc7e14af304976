package io.talkmesh.common.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a newest-first list: {@code {"result": [...], "next_page_token": "..."}}. A page with items carries the
 * token after its last item; only an empty page (the one after the last item) has the token "".
 */
public record Page<T>(List<T> result, String nextPageToken) {

  public JsonObject toJson(Function<T, JsonObject> item) {
    JsonArray array = new JsonArray();
    result.forEach(t -> array.add(item.apply(t)));
    return new JsonObject().put("result", array).put("next_page_token", nextPageToken == null ? "" : nextPageToken);
  }

  public static <T> Page<T> fromJson(JsonObject json, Function<JsonObject, T> item) {
    List<T> items = json.getJsonArray("result", new JsonArray()).stream()
        .map(o -> item.apply((JsonObject) o)).toList();
    return new Page<>(items, json.getString("next_page_token", ""));
  }
}
