package io.talkmesh.talkmanager.readstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.model.Actor;
import io.talkmesh.common.rpc.RpcResponse;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The O(1) counters against models, over random histories (seeded; the seed is in every failure): one played one
 * step at a time against an in-memory model of the rules (docs/read-state.md), one played in concurrent bursts of
 * sends, deletes and marks against a recount from the messages themselves.
 */
class ReadStateModelIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  private static final int AGENTS = 4;

  /** A message as the model knows it. */
  private static final class Sent {
    final String id;
    final int author;
    final boolean normal;
    final List<Integer> mentions;
    boolean deleted;

    Sent(String id, int author, boolean normal, List<Integer> mentions) {
      this.id = id;
      this.author = author;
      this.normal = normal;
      this.mentions = mentions;
    }
  }

  @Test
  void sequentialHistoriesMatchTheModel() {
    for (long seed = 1; seed <= 6; seed++) {
      playSequential(seed, 40);
    }
  }

  @Test
  void concurrentBurstsKeepEveryCounterEqualToARecount() {
    for (long seed = 100; seed <= 104; seed++) {
      playConcurrent(seed, 8, 12);
    }
  }

  private void playSequential(long seed, int steps) {
    Random random = new Random(seed);
    List<Actor> agents = team();
    String chat = rpc.newChat(agents.get(0), "group", agents.subList(1, AGENTS).toArray(Actor[]::new));
    List<Sent> log = new ArrayList<>();
    int[] pointer = new int[AGENTS];  // how many entries of the log each agent has read
    for (int step = 0; step < steps; step++) {
      int who = random.nextInt(AGENTS);
      int action = random.nextInt(10);
      if (action < 5) {
        List<Integer> mentions = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
          if (i != who && random.nextInt(4) == 0) {
            mentions.add(i);
          }
        }
        JsonObject sent = (JsonObject) TalkRpc.awaitAll(send(agents, who, chat, mentions)).data();
        log.add(new Sent(sent.getString("id"), who, true, mentions));
      } else if (action < 7) {
        List<Sent> own = log.stream().filter(m -> m.author == who && !m.deleted).toList();
        if (!own.isEmpty()) {
          Sent victim = own.get(random.nextInt(own.size()));
          rpc.ok(agents.get(who), "DELETE", "/v1/messages/" + victim.id, null);
          victim.deleted = true;
        }
      } else if (action < 9 && !log.isEmpty()) {
        int upTo = random.nextInt(log.size());
        rpc.ok(agents.get(who), "POST", "/v1/chats/" + chat + "/read",
            new JsonObject().put("message_id", log.get(upTo).id));
        pointer[who] = Math.max(pointer[who], upTo + 1);
      } else {
        rpc.ok(agents.get(who), "POST", "/v1/chats/" + chat + "/read", new JsonObject());
        pointer[who] = log.size();
      }
      for (int a = 0; a < AGENTS; a++) {
        JsonObject state = rpc.ok(agents.get(a), "GET", "/v1/chats/" + chat);
        int from = pointer[a];
        int agent = a;
        long unread = log.subList(from, log.size()).stream().filter(m -> m.normal && !m.deleted && m.author != agent)
            .count();
        long mentioned = log.subList(from, log.size()).stream().filter(m -> !m.deleted && m.mentions.contains(agent))
            .count();
        assertThat(state.getLong("unread_count")).as("seed %d step %d agent %d unread", seed, step, a)
            .isEqualTo(unread);
        assertThat(state.getInteger("mention_count").longValue()).as("seed %d step %d agent %d mentions", seed, step, a)
            .isEqualTo(mentioned);
      }
    }
  }

  private void playConcurrent(long seed, int bursts, int perBurst) {
    Random random = new Random(seed);
    List<Actor> agents = team();
    String chat = rpc.newChat(agents.get(0), "group", agents.subList(1, AGENTS).toArray(Actor[]::new));
    Map<Integer, List<String>> ownLive = new HashMap<>();
    List<String> all = new ArrayList<>();
    Map<UUID, Long> lastPointer = new HashMap<>();
    for (int burst = 0; burst < bursts; burst++) {
      List<Future<RpcResponse>> calls = new ArrayList<>();
      Map<Integer, String> deleting = new HashMap<>();
      for (int i = 0; i < perBurst; i++) {
        int who = random.nextInt(AGENTS);
        int action = random.nextInt(10);
        if (action < 5) {
          List<Integer> mentions = random.nextBoolean() ? List.of((who + 1) % AGENTS) : List.of();
          calls.add(send(agents, who, chat, mentions).onSuccess(r -> {
            if (r.statusCode() == 200) {
              String id = ((JsonObject) r.data()).getString("id");
              synchronized (all) {
                all.add(id);
                ownLive.computeIfAbsent(who, k -> new ArrayList<>()).add(id);
              }
            }
          }));
        } else if (action < 6 && !ownLive.getOrDefault(who, List.of()).isEmpty() && !deleting.containsKey(who)) {
          List<String> own = ownLive.get(who);
          String victim = own.remove(random.nextInt(own.size()));
          deleting.put(who, victim);
          calls.add(rpc.callAsync(agents.get(who), "DELETE", "/v1/messages/" + victim, null));
        } else if (action < 8 && !all.isEmpty()) {
          String target = all.get(random.nextInt(all.size()));
          calls.add(rpc.callAsync(agents.get(who), "POST", "/v1/chats/" + chat + "/read",
              new JsonObject().put("message_id", target)));
        } else {
          calls.add(rpc.callAsync(agents.get(who), "POST", "/v1/chats/" + chat + "/read", new JsonObject()));
        }
      }
      List<RpcResponse> answers = TalkRpc.awaitAll(Future.all(calls)).list();
      for (RpcResponse r : answers) {
        assertThat(r.statusCode()).as("seed %d burst %d: %s", seed, burst, r.data()).isEqualTo(200);
      }
      assertCountersAreRecounts(seed, burst, chat, lastPointer);
    }
  }

  /** Every participant's fast counters equal a recount from the messages, and no pointer went back. */
  private static void assertCountersAreRecounts(long seed, int burst, String chat, Map<UUID, Long> lastPointer) {
    UUID id = UUID.fromString(chat);
    List<Row> ordinals = rpc.rows("SELECT count(*) AS n, count(DISTINCT ordinal) AS distinct_n,"
        + " coalesce(max(ordinal), 0) AS top, (SELECT msg_count FROM talk_chats WHERE id = $1) AS msg_count"
        + " FROM talk_messages WHERE chat_id = $1 AND type = 'normal'", id);
    Row o = ordinals.get(0);
    assertThat(List.of(o.getLong("distinct_n"), o.getLong("top"), o.getLong("msg_count")))
        .as("seed %d burst %d: normal messages are numbered 1..msg_count", seed, burst)
        .containsOnly(o.getLong("n"));
    for (Row p : rpc.rows("SELECT p.owner_id, p.read_ordinal,"
        + " c.msg_count - p.read_ordinal - p.unread_skip AS fast_unread, p.mention_count AS fast_mentions,"
        + " (SELECT count(*) FROM talk_messages m WHERE m.chat_id = p.chat_id AND m.type = 'normal'"
        + "   AND m.ordinal > p.read_ordinal AND m.tm_delete IS NULL AND m.owner_id <> p.owner_id) AS unread,"
        + " (SELECT count(*) FROM talk_messages m WHERE m.chat_id = p.chat_id AND m.type = 'normal'"
        + "   AND m.ordinal > p.read_ordinal AND m.tm_delete IS NULL AND p.owner_id = ANY(m.mentions)) AS mentions"
        + " FROM talk_participants p JOIN talk_chats c ON c.id = p.chat_id WHERE p.chat_id = $1", id)) {
      UUID owner = p.getUUID("owner_id");
      assertThat(p.getLong("fast_unread")).as("seed %d burst %d: unread of %s", seed, burst, owner)
          .isEqualTo(p.getLong("unread"));
      assertThat(p.getLong("fast_mentions")).as("seed %d burst %d: mentions of %s", seed, burst, owner)
          .isEqualTo(p.getLong("mentions"));
      long pointer = p.getLong("read_ordinal");
      assertThat(pointer).as("seed %d burst %d: the pointer of %s never goes back", seed, burst, owner)
          .isGreaterThanOrEqualTo(lastPointer.getOrDefault(owner, 0L));
      lastPointer.put(owner, pointer);
    }
  }

  private static Future<RpcResponse> send(List<Actor> agents, int who, String chat, List<Integer> mentions) {
    JsonArray ids = new JsonArray();
    mentions.forEach(m -> ids.add(agents.get(m).ownerId().toString()));
    return rpc.callAsync(agents.get(who), "POST", "/v1/messages",
        new JsonObject().put("chat_id", chat).put("text", "m").put("mentions", ids));
  }

  private static List<Actor> team() {
    List<Actor> agents = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      agents.add(rpc.newAgent(rpc.admin()));
    }
    return agents;
  }
}
