package io.talkmesh.talkmanager.search;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.request.search.SearchMessages;
import io.talkmesh.talkmanager.chat.Chats;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Full-text search over the messages an agent may read (docs/find.md, "Search"): those of the live chats it
 * participates in and of its customer's live public channels, never deleted ones, never another customer's. Ranked
 * by relevance ({@code ts_rank}), then newest first; a page is a position in that ranking, reachable down to
 * {@link SearchMessages#MAX_DEPTH} results.
 */
public final class SearchService {
  /** Control characters (a NUL among them, which PostgreSQL refuses in text) separate words like spaces do. */
  private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

  private final Pool pool;

  public SearchService(Pool pool) {
    this.pool = pool;
  }

  /**
   * A named chat must be one the actor may read (404 another customer's, 403 a private chat it is not in), a named
   * author an agent of its customer (404 otherwise), as every route answers foreign ids.
   */
  public Future<Page<Message>> search(Actor actor, SearchMessages request) {
    int offset = request.offset();
    int limit = Math.min(request.pageSize(), SearchMessages.MAX_DEPTH - offset);
    Future<Void> checks = Future.succeededFuture();
    if (request.chatId() != null) {
      checks = checks.compose(v -> Chats.readable(pool, actor, request.chatId()).mapEmpty());
    }
    if (request.ownerId() != null) {
      checks = checks.compose(v -> SearchStore.agentOfCustomer(pool, request.ownerId(), actor.customerId())
          .map(found -> {
            if (!found) {
              throw TalkException.notFound("AGENT_NOT_FOUND", "agent %s not found", request.ownerId());
            }
            return null;
          }));
    }
    if (limit <= 0) {
      return checks.map(v -> new Page<>(List.of(), ""));
    }
    String words = CONTROL.matcher(request.q()).replaceAll(" ");
    return checks.compose(v -> SearchStore.search(pool, actor, words, request, limit, offset))
        .map(found -> page(found, offset));
  }

  /** The results that fit a reply's byte budget, and the token of the position right after them. */
  private static Page<Message> page(List<Message> found, int offset) {
    int n = PageRequest.fitting(found, m -> m.toJson().toBuffer().length(), PageRequest.MAX_BYTES);
    return n == 0 ? new Page<>(List.of(), "") : new Page<>(List.copyOf(found.subList(0, n)),
        SearchMessages.tokenAt(offset + n));
  }
}
