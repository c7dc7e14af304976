package io.talkmesh.common.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * A stretch of a chat's messages around an anchor, newest first like every list (docs/find.md, "Jump to a
 * message"): the anchor ({@code anchor_id}; "" on a page that continues from a cursor) with the messages before and
 * after it, whether more exist beyond either end, and the cursors that continue from each end
 * ({@code older_page_token} from the oldest message shown, {@code newer_page_token} from the newest; "" when the
 * window is empty).
 */
public record MessageWindow(List<Message> result, UUID anchorId, boolean hasOlder, boolean hasNewer,
                            String olderPageToken, String newerPageToken) {
  public MessageWindow {
    result = List.copyOf(result);
  }

  public JsonObject toJson() {
    JsonArray items = new JsonArray();
    result.forEach(m -> items.add(m.toJson()));
    return new JsonObject()
        .put("result", items)
        .put("anchor_id", anchorId == null ? "" : anchorId.toString())
        .put("has_older", hasOlder)
        .put("has_newer", hasNewer)
        .put("older_page_token", olderPageToken)
        .put("newer_page_token", newerPageToken);
  }

  public static MessageWindow fromJson(JsonObject json) {
    String anchor = json.getString("anchor_id", "");
    return new MessageWindow(json.getJsonArray("result", new JsonArray()).stream()
        .map(o -> Message.fromJson((JsonObject) o)).toList(), anchor.isEmpty() ? null : UUID.fromString(anchor),
        json.getBoolean("has_older", false), json.getBoolean("has_newer", false),
        json.getString("older_page_token", ""), json.getString("newer_page_token", ""));
  }
}
