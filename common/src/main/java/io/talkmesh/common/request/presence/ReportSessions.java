package io.talkmesh.common.request.presence;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Ids;
import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A push-service instance's report of the agents it holds live sessions of (docs/websocket.md, "Presence"): it keeps
 * the instance alive for {@code ttl_ms} more, and either replaces its whole set ({@code full}) or changes it by the
 * agents whose first session opened ({@code online}) and whose last one closed ({@code offline}) since its last report.
 * Reports of one instance are sent one at a time, in order.
 */
public record ReportSessions(@FromPath UUID id, long ttlMs, boolean full, List<UUID> online, List<UUID> offline)
    implements Request {
  /** Agents one report may name, online and offline together: an instance with more sends several (see push). */
  public static final int MAX_AGENTS = 5000;
  public static final long MIN_TTL_MS = 1000;
  public static final long MAX_TTL_MS = 10 * 60 * 1000;

  public ReportSessions {
    online = List.copyOf(online);
    offline = List.copyOf(offline);
    if (online.size() + offline.size() > MAX_AGENTS) {
      throw TalkException.invalid("TOO_MANY_AGENTS", "a report names at most %d agents", MAX_AGENTS);
    }
    if (ttlMs < MIN_TTL_MS || ttlMs > MAX_TTL_MS) {
      throw TalkException.invalid("INVALID_TTL", "ttl_ms must be within %d..%d", MIN_TTL_MS, MAX_TTL_MS);
    }
  }

  public static ReportSessions from(OperationInput in) {
    JsonObject body = in.body() == null ? new JsonObject() : in.body();
    Object ttl = body.getValue("ttl_ms");
    if (!(ttl instanceof Number n)) {
      throw TalkException.invalid("INVALID_TTL", "ttl_ms must be a number");
    }
    Object full = body.getValue("full", false);
    if (!(full instanceof Boolean f)) {
      throw TalkException.invalid("INVALID_ARGUMENT", "full must be a boolean");
    }
    return new ReportSessions(in.id("id"), n.longValue(), f, ids(in.array("online"), "online"),
        ids(in.array("offline"), "offline"));
  }

  @Override
  public JsonObject toBody() {
    return new JsonObject().put("ttl_ms", ttlMs).put("full", full).put("online", json(online))
        .put("offline", json(offline));
  }

  private static List<UUID> ids(JsonArray array, String field) {
    if (array.size() > MAX_AGENTS) {
      throw TalkException.invalid("TOO_MANY_AGENTS", "a report names at most %d agents", MAX_AGENTS);
    }
    List<UUID> ids = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object value = array.getValue(i);
      ids.add(Ids.parse(field + "[" + i + "]", value instanceof String s ? s : null));
    }
    return ids;
  }

  private static JsonArray json(List<UUID> ids) {
    JsonArray array = new JsonArray();
    ids.forEach(id -> array.add(id.toString()));
    return array;
  }
}
