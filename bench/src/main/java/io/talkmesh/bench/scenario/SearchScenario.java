package io.talkmesh.bench.scenario;

import io.talkmesh.bench.client.TalkApi;
import io.talkmesh.bench.load.ClosedLoop;
import io.talkmesh.bench.load.Outcome;
import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.MeshCpu;
import io.talkmesh.bench.measure.Progress;
import io.talkmesh.bench.measure.Warmup;
import io.talkmesh.bench.mesh.Infra;
import io.talkmesh.bench.mesh.Mesh;
import io.talkmesh.bench.report.Report;
import io.talkmesh.common.auth.Jwt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Message search (issue 15): N messages of made-up text ({@link Vocabulary}: a few thousand words, Zipf-like, so
 * there are common and rare terms) across group chats of one customer that one agent takes part in, seeded in
 * PostgreSQL with set-based SQL (the search schema's trigger computes each message's tsvector as it is inserted),
 * then {@code GET /v1.0/service_agents/talk_search/messages} through the gateway, warm, for a rare term, the most
 * common term, two words and a three-letter prefix, a page of 20 each. Before seeding, the scenario checks that
 * search is deployed (the route answers, talk_messages has its tsv column) and is reported skipped when it is not.
 */
public final class SearchScenario {
  /** The route's answer when the gateway (or talk-manager) has no such route. */
  static final String ROUTE_NOT_FOUND = "ROUTE_NOT_FOUND";
  private static final long VOCABULARY_SEED = 15;
  /** PostgreSQL's random() seed for the texts, so every run draws the same messages. */
  private static final double TEXT_SEED = 0.15;
  private static final int PEERS = 20;
  /** Words per message: {@value #MIN_WORDS} to {@value #MIN_WORDS} + {@value #WORD_SPREAD} - 1, spread evenly. */
  private static final int MIN_WORDS = 4;
  private static final int WORD_SPREAD = 15;

  /**
   * @param messages          N, the messages seeded
   * @param chats             the group chats they are spread over (the agent and one peer in each)
   * @param vocabulary        the words the texts are drawn from
   * @param pageSize          results per search request
   * @param workers           requests in flight (closed loop)
   * @param warmupWindow      one warm-up window per query; each query runs in windows until stable or the cap
   * @param window            the measured window per query
   * @param messagesPerInsert messages one INSERT statement writes (one transaction each)
   */
  public record Settings(int messages, int chats, int vocabulary, int pageSize, int workers, Duration warmupWindow,
                         Duration warmupCap, Duration window, int messagesPerInsert) {
    public static Settings full() {
      return new Settings(1_000_000, 1_000, 4_000, 20, 1, Duration.ofSeconds(5), Duration.ofSeconds(30),
          Duration.ofSeconds(15), 100_000);
    }

    public static Settings quick() {
      return new Settings(100_000, 100, 4_000, 20, 1, Duration.ofSeconds(1), Duration.ofSeconds(3),
          Duration.ofSeconds(3), 100_000);
    }
  }

  private SearchScenario() {
  }

  /**
   * Probes, seeds and measures. Not deployed: {@code {"skipped": "search not deployed: ..."}} and nothing seeded. A
   * failure ends the scenario with what was measured so far and an {@code "error"}, so the rest of the bench runs.
   */
  public static JsonObject run(Vertx vertx, Mesh mesh, Infra infra, TalkApi api, Population pop, Settings settings,
                               Supplier<CpuSampler> cpu) throws InterruptedException {
    JsonArray queries = new JsonArray();
    JsonObject result = new JsonObject().put("messages", settings.messages()).put("chats", settings.chats())
        .put("vocabulary", settings.vocabulary()).put("page_size", settings.pageSize()).put("workers", settings.workers())
        .put("window_seconds", settings.window().toSeconds()).put("load_average_at_start", Report.loadAverage());
    try (Connection sql = DriverManager.getConnection(infra.jdbcUrl())) {
      Jwt jwt = new Jwt(vertx, mesh.jwtSecret(), 86400);
      List<Population.BenchAgent> agents = SeededAgents.seed(infra, jwt, pop.receivers.get(0).id(), "search-", 1 + PEERS);
      Population.BenchAgent agent = agents.get(0);
      String missing = notDeployed(sql, api, agent.token());
      if (missing != null) {
        Progress.say("search: skipped: search not deployed (%s)", missing);
        return result.put("skipped", "search not deployed: " + missing).put("load_average_at_end", Report.loadAverage());
      }
      result.put("postgres_jit", jit(sql));
      Vocabulary vocabulary = Vocabulary.generate(settings.vocabulary(), VOCABULARY_SEED);
      result.put("seeding", seed(sql, settings, vocabulary, UUID.fromString(agent.id()),
          agents.subList(1, agents.size()).stream().map(a -> UUID.fromString(a.id())).toList()));
      result.put("queries", queries);
      for (Vocabulary.Query query : vocabulary.queries()) {
        queries.add(measure(sql, api, agent, settings, query, cpu));
      }
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      Progress.say("search: stopped after %d queries: %s", queries.size(), e);
      result.put("error", e.toString());
    }
    return result.put("load_average_at_end", Report.loadAverage());
  }

  /**
   * PostgreSQL's JIT settings: a statement whose estimated cost passes jit_above_cost is compiled at every execution
   * (tens of milliseconds here), which a search of a large messages table can pay even for a rare word.
   */
  private static String jit(Connection sql) throws SQLException {
    try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('jit'),"
        + " current_setting('jit_above_cost')")) {
      rs.next();
      return "jit " + rs.getString(1) + ", jit_above_cost " + rs.getString(2);
    }
  }

  /** Why search is not deployed (the route answers 404 ROUTE_NOT_FOUND, or the tsv column is missing), or null. */
  static String notDeployed(Connection sql, TalkApi api, String token) throws Exception {
    TalkApi.Answer answer = api.probeSearch(token, "probe").await(30, TimeUnit.SECONDS);
    if (answer.status() == 404 && ROUTE_NOT_FOUND.equals(answer.reason())) {
      return "GET /v1.0/service_agents/talk_search/messages answers 404 " + ROUTE_NOT_FOUND;
    }
    try (PreparedStatement column = sql.prepareStatement("SELECT 1 FROM information_schema.columns"
        + " WHERE table_schema = current_schema() AND table_name = 'talk_messages' AND column_name = 'tsv'");
         ResultSet rs = column.executeQuery()) {
      if (!rs.next()) {
        return "talk_messages has no tsv column";
      }
    }
    if (answer.status() != 200) {
      throw new IllegalStateException("the search probe answered " + answer.status() + " " + answer.body());
    }
    return null;
  }

  /**
   * The chats (the agent and a peer in each, everything read), then the messages in INSERT ... SELECT statements
   * over generate_series, each text drawn word by word in PostgreSQL; every third message is the agent's. Answers
   * the seconds each part took and whether the trigger gave every message its tsvector.
   */
  static JsonObject seed(Connection sql, Settings settings, Vocabulary vocabulary, UUID agent, List<UUID> peers)
      throws SQLException {
    int perChat = settings.messages() / settings.chats();
    List<UUID> chatIds = new ArrayList<>();
    UUID[] peerOf = new UUID[settings.chats()];
    for (int n = 0; n < settings.chats(); n++) {
      chatIds.add(UUID.randomUUID());
      peerOf[n] = peers.get(n % peers.size());
    }
    long t0 = System.nanoTime();
    try (Statement s = sql.createStatement()) {
      s.execute("CREATE TEMPORARY TABLE bench_search_chat (n int PRIMARY KEY, id uuid NOT NULL, peer uuid NOT NULL,"
          + " t0 timestamptz NOT NULL)");
    }
    sql.setAutoCommit(false);
    try (PreparedStatement chats = sql.prepareStatement("INSERT INTO bench_search_chat (n, id, peer, t0)"
        + " SELECT c.n - 1, c.id, c.peer, now() - interval '30 days' + (c.n - 1) * interval '1 minute'"
        + " FROM unnest(?::uuid[], ?::uuid[]) WITH ORDINALITY AS c(id, peer, n)");
         PreparedStatement talkChats = sql.prepareStatement("INSERT INTO talk_chats (id, customer_id, type, name, detail,"
             + " member_count, tm_create, tm_update, creator_type, creator_id) SELECT c.id, a.customer_id, 'group',"
             + " 'search-' || c.n, '', 2, c.t0, c.t0, 'agent', a.id FROM bench_search_chat c, agents a WHERE a.id = ?");
         PreparedStatement participants = sql.prepareStatement("INSERT INTO talk_participants (id, customer_id, chat_id,"
             + " owner_type, owner_id, tm_joined) SELECT gen_random_uuid(), a.customer_id, c.id, 'agent', o.owner, c.t0"
             + " FROM bench_search_chat c CROSS JOIN LATERAL (VALUES (?::uuid), (c.peer)) AS o(owner), agents a"
             + " WHERE a.id = ?")) {
      chats.setArray(1, sql.createArrayOf("uuid", chatIds.toArray()));
      chats.setArray(2, sql.createArrayOf("uuid", peerOf));
      chats.executeUpdate();
      talkChats.setObject(1, agent);
      talkChats.executeUpdate();
      participants.setObject(1, agent);
      participants.setObject(2, agent);
      participants.executeUpdate();
      sql.commit();
    } finally {
      sql.setAutoCommit(true);
    }
    double chatSeconds = (System.nanoTime() - t0) / 1e9;

    long t1 = System.nanoTime();
    try (Statement s = sql.createStatement()) {
      s.execute("SELECT setseed(" + TEXT_SEED + ")");
    }
    int chatsPerInsert = Math.max(1, settings.messagesPerInsert() / perChat);
    try (PreparedStatement insert = sql.prepareStatement("INSERT INTO talk_messages (id, customer_id, chat_id, owner_type,"
        + " owner_id, type, text, tm_create, tm_update, ordinal) SELECT gen_random_uuid(), a.customer_id, c.id, 'agent',"
        + " CASE WHEN k % 3 = 0 THEN a.id ELSE c.peer END, 'normal', array_to_string(ARRAY(SELECT (?::text[])["
        + vocabulary.rankSql() + "] FROM generate_series(1, " + MIN_WORDS + " + (k * 7 + c.n) % " + WORD_SPREAD + ")), ' '),"
        + " c.t0 + k * interval '1 minute', c.t0 + k * interval '1 minute', k"
        + " FROM bench_search_chat c CROSS JOIN generate_series(1, ?) AS k, agents a"
        + " WHERE a.id = ? AND c.n >= ? AND c.n < ?")) {
      insert.setArray(1, sql.createArrayOf("text", vocabulary.words().toArray()));
      insert.setInt(2, perChat);
      insert.setObject(3, agent);
      for (int n = 0; n < settings.chats(); n += chatsPerInsert) {
        insert.setInt(4, n);
        insert.setInt(5, n + chatsPerInsert);
        insert.executeUpdate();
        Progress.say("search: seeded %,d of %,d messages (%.0f s)", (long) Math.min(settings.chats(), n + chatsPerInsert)
            * perChat, (long) perChat * settings.chats(), (System.nanoTime() - t1) / 1e9);
      }
    }
    double inserted = (System.nanoTime() - t1) / 1e9;

    long t2 = System.nanoTime();
    sql.setAutoCommit(false);
    try (PreparedStatement counts = sql.prepareStatement("UPDATE talk_chats t SET msg_count = ? FROM bench_search_chat c"
        + " WHERE t.id = c.id");
         PreparedStatement read = sql.prepareStatement("UPDATE talk_participants p SET read_ordinal = ?,"
             + " read_message_id = (SELECT m.id FROM talk_messages m WHERE m.chat_id = p.chat_id AND m.ordinal = ?),"
             + " tm_read = c.t0 + ? * interval '1 minute' FROM bench_search_chat c WHERE p.chat_id = c.id")) {
      counts.setLong(1, perChat);
      counts.executeUpdate();
      read.setLong(1, perChat);
      read.setLong(2, perChat);
      read.setLong(3, perChat);
      read.executeUpdate();
      sql.commit();
    } finally {
      sql.setAutoCommit(true);
    }
    try (Statement s = sql.createStatement()) {
      // the vacuum also merges the GIN index's pending list, which every search would otherwise scan in full; the
      // checkpoint writes the seeding's dirty pages before the measured windows rather than during them
      s.execute("VACUUM (ANALYZE) talk_messages, talk_participants, talk_chats");
      s.execute("CHECKPOINT");
    }
    double vacuum = (System.nanoTime() - t2) / 1e9;

    long rows = (long) perChat * settings.chats();
    long missing;
    try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM talk_messages m"
        + " JOIN bench_search_chat c ON c.id = m.chat_id WHERE m.tsv IS NULL")) {
      rs.next();
      missing = rs.getLong(1);
    }
    Progress.say("search: %,d messages in %.1f s (%,.0f rows/s, tsvector by the trigger), counters, vacuum and checkpoint %.1f s;"
        + " %,d without a tsvector", rows, inserted, rows / inserted, vacuum, missing);
    if (missing > 0) {
      throw new IllegalStateException(missing + " seeded messages have no tsvector: the search schema's trigger did not"
          + " fill talk_messages.tsv on insert");
    }
    return new JsonObject().put("messages_inserted", rows).put("chats_seconds", Latency.round(chatSeconds))
        .put("insert_seconds", Latency.round(inserted)).put("rows_per_second", Latency.round(rows / inserted))
        .put("counters_vacuum_checkpoint_seconds", Latency.round(vacuum)).put("words_per_message",
            new JsonObject().put("min", MIN_WORDS).put("max", MIN_WORDS + WORD_SPREAD - 1));
  }

  private static JsonObject measure(Connection sql, TalkApi api, Population.BenchAgent agent, Settings settings,
                                    Vocabulary.Query query, Supplier<CpuSampler> cpu) throws Exception {
    String label = "search " + query.name();
    JsonObject out = new JsonObject().put("name", query.name()).put("q", query.q())
        .put("matches", matches(sql, agent, query.q()));
    JsonArray first = api.searchMessages(agent.token(), query.q(), settings.pageSize()).await(30, TimeUnit.SECONDS)
        .getJsonArray("result");
    out.put("results_on_first_page", first.size());
    Progress.say("%s \"%s\": %,d messages of the agent's match (counted in SQL), the first page holds %d; warm-up, %d s"
        + " windows (cap %d s)", label, query.q(), out.getLong("matches"), first.size(),
        settings.warmupWindow().toSeconds(), settings.warmupCap().toSeconds());
    out.put("warmup", Warmup.run(label, settings.warmupWindow(), settings.warmupCap(), (i, window) -> {
      CpuSampler sampler = cpu.get().start();
      Outcome o = search(api, agent, settings, query, label + " warm-up " + i, window);
      JsonObject cost = MeshCpu.cost(sampler.stop(), o.ok(), 1);
      return new Warmup.Window(o.throughput(), cost.getJsonObject("cpu_ms_per_op").getDouble(MeshCpu.PATH));
    }));
    CpuSampler sampler = cpu.get().start();
    Outcome o = search(api, agent, settings, query, label, settings.window());
    JsonObject cost = MeshCpu.cost(sampler.stop(), o.ok(), 1);
    Progress.say("%s: %,.0f searches/s  %s  CPU-ms per search %s", label, o.throughput(), o.latency().summary(),
        cost.getJsonObject("cpu_ms_per_op").encode());
    return out.put("search", o.toJson().put("cost", cost));
  }

  private static Outcome search(TalkApi api, Population.BenchAgent agent, Settings settings, Vocabulary.Query query,
                                String phase, Duration duration) throws InterruptedException {
    return ClosedLoop.run(phase, settings.workers(), duration, (w, start) ->
        api.searchMessages(agent.token(), query.q(), settings.pageSize())
            .compose(page -> page.getJsonArray("result") != null ? Future.succeededFuture(page)
                : Future.failedFuture("an answer without result: " + page.encode())));
  }

  /**
   * The live messages the agent may read (its chats and its customer's public channels) that match every word of
   * {@code q} as a prefix, in the configuration the search schema stores (simple without one): what a search pages
   * through. Null when it cannot be counted.
   */
  static Long matches(Connection sql, Population.BenchAgent agent, String q) {
    String tsquery = String.join(" & ", Arrays.stream(q.split(" ")).map(w -> w + ":*").toList());
    String count = "SELECT count(*) FROM talk_messages m WHERE m.tsv @@ to_tsquery(%s, ?) AND m.tm_delete IS NULL"
        + " AND m.chat_id IN (SELECT p.chat_id FROM talk_participants p WHERE p.owner_type = 'agent' AND p.owner_id = ?"
        + " UNION SELECT c.id FROM talk_chats c JOIN agents a ON a.customer_id = c.customer_id WHERE a.id = ?"
        + " AND c.type = 'talk' AND c.tm_delete IS NULL)";
    for (String config : List.of("(SELECT config FROM talk_search_config LIMIT 1)", "'simple'::regconfig")) {
      try (PreparedStatement s = sql.prepareStatement(String.format(count, config))) {
        s.setString(1, tsquery);
        s.setObject(2, UUID.fromString(agent.id()));
        s.setObject(3, UUID.fromString(agent.id()));
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      } catch (SQLException e) {
        Progress.say("search: could not count matches with %s: %s", config, e.getMessage());
      }
    }
    return null;
  }
}
