package io.talkmesh.talkmanager.search;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static io.talkmesh.talkmanager.TalkRpc.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.operation.Operations;
import io.talkmesh.common.request.search.SearchMessages;
import io.talkmesh.common.rpc.RpcResponse;
import io.talkmesh.talkmanager.TalkRpc;
import io.talkmesh.testinfra.Names;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Full-text search through talk-manager's RPC route on a real database: prefix matching of every word, the filters,
 * the ranking, paging, and above all what a reader must never find (deleted messages, private chats it is not in,
 * another customer's messages). Each test searches words of its own, so tests sharing the database never meet.
 */
class SearchIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  /** A word no other test uses. */
  private static String word() {
    return "w" + Names.lowercase(9);
  }

  @Test
  void everyWordMatchesAsAPrefixAndAllWordsMustMatch() {
    String deploy = word();
    String billing = word();
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String both = rpc.send(rpc.alice(), chat, "The " + deploy + "ment of the " + billing + " service finished");
    rpc.send(rpc.alice(), chat, "Only the " + deploy + "ment, nothing else");
    assertThat(ids(search(rpc.bob(), deploy.substring(0, 6) + " " + billing.substring(0, 5).toUpperCase())))
        .containsExactly(both);
    assertThat(ids(search(rpc.bob(), deploy + "ment")).size()).isEqualTo(2);
    assertThat(ids(search(rpc.bob(), deploy + " " + word()))).as("a word no message has").isEmpty();
  }

  @Test
  void filtersByChatAuthorAndTime() {
    String topic = word();
    String one = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String two = rpc.newChat(rpc.alice(), "group", rpc.bob());
    JsonObject first = sent(rpc.alice(), one, topic + " first");
    JsonObject second = sent(rpc.bob(), one, topic + " second");
    JsonObject third = sent(rpc.alice(), two, topic + " third");
    assertThat(ids(search(rpc.bob(), topic))).containsExactlyInAnyOrder(id(first), id(second), id(third));
    assertThat(ids(search(rpc.bob(), topic, "chat_id", one))).containsExactlyInAnyOrder(id(first), id(second));
    assertThat(ids(search(rpc.bob(), topic, "owner_id", rpc.alice().ownerId().toString())))
        .containsExactlyInAnyOrder(id(first), id(third));
    assertThat(ids(search(rpc.bob(), topic, "after", first.getString("tm_create"), "before", third.getString("tm_create"))))
        .as("after and before are exclusive").containsExactly(id(second));
    assertThat(ids(search(rpc.bob(), topic, "chat_id", two, "owner_id", rpc.bob().ownerId().toString()))).isEmpty();
  }

  @Test
  void resultsAreRankedByRelevanceThenNewestFirst() {
    String term = word();
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String strong = rpc.send(rpc.alice(), chat, term + " " + term + " " + term + " all about it");
    String weakOld = rpc.send(rpc.alice(), chat, "in passing: " + term + " and many other words besides it");
    String weakNew = rpc.send(rpc.alice(), chat, "in passing: " + term + " and many other words besides it");
    assertThat(ids(search(rpc.bob(), term))).containsExactly(strong, weakNew, weakOld);
  }

  @Test
  void deletedMessagesAreNeverFoundAndAnEditIsSearchedByItsNewText() {
    String gone = word();
    String before = word();
    String after = word();
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String deleted = rpc.send(rpc.alice(), chat, gone + " soon deleted");
    String edited = rpc.send(rpc.alice(), chat, before + " draft");
    assertThat(ids(search(rpc.bob(), gone))).containsExactly(deleted);
    rpc.ok(rpc.alice(), "DELETE", "/v1/messages/" + deleted, null);
    rpc.ok(rpc.alice(), "PUT", "/v1/messages/" + edited, new JsonObject().put("text", after + " final"));
    assertThat(ids(search(rpc.bob(), gone))).isEmpty();
    assertThat(rpc.rows("SELECT tsv IS NULL OR tsv = ''::tsvector AS empty FROM talk_messages WHERE id = $1::uuid",
        deleted).get(0).getBoolean("empty")).as("a deleted message's index entry is empty").isTrue();
    assertThat(ids(search(rpc.bob(), before))).isEmpty();
    assertThat(ids(search(rpc.bob(), after))).containsExactly(edited);
  }

  @Test
  void privateChatsOfOthersAreNeverFoundPublicChannelsAreAndDeletedChatsAreNot() {
    String secret = word();
    Actor dave = rpc.newAgent(rpc.admin());
    String group = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String direct = rpc.newChat(rpc.alice(), "direct", rpc.bob());
    String channel = rpc.newChat(rpc.alice(), "talk");
    String gone = rpc.newChat(rpc.alice(), "talk");
    rpc.send(rpc.alice(), group, secret + " in the group");
    rpc.send(rpc.alice(), direct, secret + " in the direct chat");
    String open = rpc.send(rpc.alice(), channel, secret + " in the channel");
    rpc.send(rpc.alice(), gone, secret + " in a channel about to go");
    rpc.ok(rpc.alice(), "DELETE", "/v1/chats/" + gone, null);
    assertThat(ids(search(dave, secret))).as("dave is in none of them").containsExactly(open);
    assertThat(ids(search(rpc.bob(), secret))).hasSize(3);
    assertRefused(call(dave, secret, "chat_id", group), Status.PERMISSION_DENIED, "NOT_PARTICIPANT");
  }

  @Test
  void aChatLeftIsNoLongerSearched() {
    String word = word();
    Actor dave = rpc.newAgent(rpc.admin());
    String chat = rpc.newChat(rpc.alice(), "group", dave);
    String message = rpc.send(rpc.alice(), chat, word);
    assertThat(ids(search(dave, word))).containsExactly(message);
    String participant = rpc.rows("SELECT id FROM talk_participants WHERE chat_id = $1::uuid AND owner_id = $2", chat,
        dave.ownerId()).get(0).getUUID("id").toString();
    rpc.ok(dave, "DELETE", "/v1/chats/" + chat + "/participants/" + participant, null);
    assertThat(ids(search(dave, word))).isEmpty();
  }

  @Test
  void anotherCustomersMessagesAreNeverFoundAndItsIdsAreNotFound() {
    String shared = word();
    Actor stranger = rpc.newCustomerAdmin();
    String theirs = rpc.newChat(stranger, "talk");
    rpc.send(stranger, theirs, shared + " of the other customer");
    String ours = rpc.newChat(rpc.alice(), "talk");
    String mine = rpc.send(rpc.alice(), ours, shared + " of ours");
    assertThat(ids(search(rpc.bob(), shared))).containsExactly(mine);
    assertThat(ids(search(stranger, shared))).hasSize(1).doesNotContain(mine);
    assertRefused(call(rpc.bob(), shared, "chat_id", theirs), Status.NOT_FOUND, "CHAT_NOT_FOUND");
    assertRefused(call(rpc.bob(), shared, "owner_id", stranger.ownerId().toString()), Status.NOT_FOUND,
        "AGENT_NOT_FOUND");
  }

  @Test
  void systemMessagesAreNotSearched() {
    Actor dave = rpc.newAgent(rpc.admin());
    String channel = rpc.newChat(rpc.alice(), "talk");
    rpc.ok(dave, "POST", "/v1/chats/" + channel + "/join", new JsonObject());
    assertThat(rpc.rows("SELECT count(*) AS n FROM talk_messages WHERE chat_id = $1::uuid AND type = 'system'", channel)
        .get(0).getLong("n")).as("the join wrote a system message").isPositive();
    assertThat(ids(search(dave, "joined conversation", "chat_id", channel))).isEmpty();
  }

  @Test
  void hostileQueriesAreWordsNeverTsquerySyntax() {
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    String tag = word();
    String quoted = rpc.send(rpc.alice(), chat, "O'Reilly " + tag + " \\backslash: a:*|b & !c");
    for (String hostile : List.of("':*|!&()\\'", "!", "&&&", ":*", "()", "'", "\\", "   ", "", "-- ;")) {
      assertRefused(call(rpc.bob(), hostile), Status.INVALID_ARGUMENT, "INVALID_QUERY");
    }
    assertRefused(call(rpc.bob(), "x".repeat(SearchMessages.MAX_QUERY_LENGTH + 1)), Status.INVALID_ARGUMENT,
        "INVALID_QUERY");
    assertThat(ids(search(rpc.bob(), "x".repeat(SearchMessages.MAX_QUERY_LENGTH)))).isEmpty();
    assertThat(ids(search(rpc.bob(), "o'reilly " + tag))).containsExactly(quoted);
    assertThat(ids(search(rpc.bob(), tag + " | !nothing"))).as("| and ! are separators: 'nothing' must match too").isEmpty();
    assertThat(ids(search(rpc.bob(), tag + ":* & (backslash)"))).containsExactly(quoted);
    assertThat(ids(search(rpc.bob(), tag + "\u0000\\"))).containsExactly(quoted);
    assertThat(ids(search(rpc.bob(), "' OR '1'='1 " + tag))).isEmpty();
  }

  @Test
  void pagesWalkTheRankingWithoutRepeatsAndBadInputIs400() {
    String term = word();
    String chat = rpc.newChat(rpc.alice(), "group", rpc.bob());
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(rpc.send(rpc.alice(), chat, term + " number " + i));
    }
    List<String> seen = new ArrayList<>();
    String token = "";
    for (int page = 0; page < 10; page++) {
      JsonObject result = search(rpc.bob(), term, "page_size", "2", "page_token", token);
      if (result.getJsonArray("result").isEmpty()) {
        assertThat(result.getString("next_page_token")).isEmpty();
        break;
      }
      assertThat(result.getJsonArray("result").size()).isLessThanOrEqualTo(2);
      seen.addAll(ids(result));
      token = result.getString("next_page_token");
      assertThat(token).isNotEmpty();
    }
    java.util.Collections.reverse(sent);
    assertThat(seen).as("equal ranks: newest first").containsExactlyElementsOf(sent);
    assertRefused(call(rpc.bob(), term, "page_token", "not-a-token"), Status.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN");
    assertRefused(call(rpc.bob(), term, "page_size", "ten"), Status.INVALID_ARGUMENT, "INVALID_PAGE_SIZE");
    assertRefused(call(rpc.bob(), term, "after", "yesterday"), Status.INVALID_ARGUMENT, "INVALID_TIMESTAMP");
    assertRefused(call(rpc.bob(), term, "chat_id", "nope"), Status.INVALID_ARGUMENT, "INVALID_ID");
    JsonObject deepest = search(rpc.bob(), term, "page_token", SearchMessages.tokenAt(SearchMessages.MAX_DEPTH));
    assertThat(deepest.getJsonArray("result")).as("nothing beyond the reachable depth").isEmpty();
    assertRefused(call(rpc.bob(), term, "page_token", SearchMessages.tokenAt(SearchMessages.MAX_DEPTH + 1)),
        Status.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN");
  }

  private static JsonObject sent(Actor author, String chat, String text) {
    return rpc.ok(author, "POST", "/v1/messages", new JsonObject().put("chat_id", chat).put("text", text));
  }

  private static String id(JsonObject message) {
    return message.getString("id");
  }

  private static JsonObject search(Actor actor, String q, String... params) {
    RpcResponse response = call(actor, q, params);
    assertThat(response.statusCode()).as("search %s answered %s", q, response.data()).isEqualTo(200);
    return (JsonObject) response.data();
  }

  private static RpcResponse call(Actor actor, String q, String... params) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("q", q);
    for (int i = 0; i < params.length; i += 2) {
      query.put(params[i], params[i + 1]);
    }
    return rpc.get(actor, Operations.SEARCH_MESSAGES.uri(Map.of(), query));
  }
}
