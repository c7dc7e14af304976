package io.talkmesh.push.session;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/** How many sessions closed, by close code: the server's own closes (slow consumer, idle, restart) and the clients'. */
public final class CloseCounts {
  private final Map<Integer, Long> byCode = new TreeMap<>();

  public void count(int code) {
    byCode.merge(code, 1L, Long::sum);
  }

  public long of(int code) {
    return byCode.getOrDefault(code, 0L);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    byCode.forEach((code, n) -> json.put(String.valueOf(code), n));
    return json;
  }
}
