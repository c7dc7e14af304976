package io.talkmesh.bench.scenario;

import io.talkmesh.bench.client.TalkApi;
import io.talkmesh.bench.load.ClosedLoop;
import io.talkmesh.bench.load.Outcome;
import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.MeshCpu;
import io.talkmesh.bench.measure.Progress;
import io.talkmesh.bench.measure.QueryPlan;
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
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The unread chat list (issue 15): one agent in C chats of M messages each, seeded straight into PostgreSQL with
 * set-based SQL and a read pointer mid-chat in each ({@link UnreadPattern}), lists its first page of 100 chats with
 * their {@code unread_count} and {@code mention_count} through the gateway, warm, and the same chats with 10 messages
 * each before them in the same run (the baseline): if the counts were counted over the messages, the list would grow
 * with M; V13 reads them from the chat and participant rows, so the two should cost the same. Then the grown chats
 * are listed in turns with those of a twin agent whose chats stayed at 10 messages, so that a machine whose speed
 * drifts between the two sizes' windows (other work, the seeding's writes) weighs on both alike. Each size also reports
 * {@code EXPLAIN (ANALYZE, BUFFERS)} of the list query, and of the same list counting over the messages for contrast.
 * A few chats' counts from the API are checked against a brute-force count first; a difference fails the scenario.
 */
public final class UnreadListScenario {
  /**
   * talk-manager's list query (ChatStore.MINE's first page, from Keyset.of), repeated here because the bench does not
   * link talk-manager: keep the two in step.
   */
  static final String MINE = "SELECT c.id, c.customer_id, c.type, c.name, c.detail, c.member_count, c.tm_create,"
      + " c.tm_update, c.tm_delete, p.id AS participant_id, c.msg_count - p.read_ordinal - p.unread_skip AS unread_count,"
      + " p.mention_count, p.read_message_id, p.tm_read FROM talk_participants p JOIN talk_chats c ON c.id = p.chat_id"
      + " WHERE p.owner_type = $1 AND p.owner_id = $2 AND c.tm_delete IS NULL ORDER BY c.tm_create DESC, c.id DESC LIMIT $3";
  /** What the list would be if it counted: one count over the messages per chat of the page (the design V13 avoids). */
  static final String COUNTING = "SELECT c.id, (SELECT count(*) FROM talk_messages m WHERE m.chat_id = c.id"
      + " AND m.type = 'normal' AND m.tm_delete IS NULL AND m.ordinal > p.read_ordinal"
      + " AND NOT (m.owner_type = p.owner_type AND m.owner_id = p.owner_id)) AS unread_count"
      + " FROM talk_participants p JOIN talk_chats c ON c.id = p.chat_id"
      + " WHERE p.owner_type = $1 AND p.owner_id = $2 AND c.tm_delete IS NULL ORDER BY c.tm_create DESC, c.id DESC LIMIT $3";
  /** The counts and the pointer of one chat, from the messages themselves. */
  static final String BRUTE_FORCE = "SELECT p.read_ordinal,"
      + " (SELECT count(*) FROM talk_messages m WHERE m.chat_id = p.chat_id AND m.type = 'normal' AND m.tm_delete IS NULL"
      + " AND m.ordinal > p.read_ordinal AND NOT (m.owner_type = p.owner_type AND m.owner_id = p.owner_id)) AS unread,"
      + " (SELECT count(*) FROM talk_messages m WHERE m.chat_id = p.chat_id AND m.type = 'normal' AND m.tm_delete IS NULL"
      + " AND m.ordinal > p.read_ordinal AND p.owner_id = ANY(m.mentions)) AS mentions,"
      + " (SELECT m.id FROM talk_messages m WHERE m.chat_id = p.chat_id AND m.type = 'normal'"
      + " AND m.ordinal = p.read_ordinal) AS read_message_id"
      + " FROM talk_participants p WHERE p.chat_id = ? AND p.owner_type = 'agent' AND p.owner_id = ?";
  /**
   * Short chat lines. No word of them starts with a consonant and a vowel as every {@link Vocabulary} word does, so
   * these ten million messages never match the search scenario's queries, not even as prefixes.
   */
  static final List<String> LINES = List.of("ok", "yes, on it", "will call", "checking with everyone", "why?",
      "can you help?", "once again", "yeah, in a while", "hold on", "any update?", "who else?", "all clear");
  private static final int PEERS = 20;

  /**
   * @param chats            C, the agent's chats
   * @param messages         M, normal messages per chat of the measured size
   * @param baselineMessages messages per chat of the baseline (the same chats, measured first)
   * @param pageSize         chats per list request
   * @param workers          requests in flight (closed loop)
   * @param preWarm          lists before the first size's warm-up windows, unmeasured: the list path is new to the
   *                         services' JIT at the baseline (measured first), whose throughput settles before its CPU does
   * @param warmupWindow     one warm-up window; the list runs in windows until stable ({@link Warmup}) or the cap
   * @param window           the measured window per size
   * @param pairs            turns of the interleaved comparison, each a window of the grown chats and one of the twin's
   *                         (many short turns: a burst of other work on the machine falls on both sides alike)
   * @param pairWindow       one window of a turn
   * @param checkedChats     chats of the first page whose counts are checked against a count over their messages
   * @param chatsPerInsert   chats whose messages one INSERT statement writes (one transaction each)
   */
  public record Settings(int chats, int messages, int baselineMessages, int pageSize, int workers, Duration preWarm,
                         Duration warmupWindow, Duration warmupCap, Duration window, int pairs, Duration pairWindow,
                         int checkedChats, int chatsPerInsert) {
    public static Settings full() {
      return new Settings(1_000, 10_000, 10, 100, 1, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(60),
          Duration.ofSeconds(20), 10, Duration.ofSeconds(4), 5, 25);
    }

    public static Settings quick() {
      // a smoke check within the quick run's few minutes: its CPU figures are coarse (10 ms ticks, 3 s windows)
      return new Settings(1_000, 100, 10, 100, 1, Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(8),
          Duration.ofSeconds(3), 3, Duration.ofSeconds(2), 5, 1_000);
    }
  }

  private final TalkApi api;
  private final Settings settings;
  /** The agent whose chats grow from the baseline to M messages. */
  private final Population.BenchAgent agent;
  /** The agent whose chats keep the baseline's messages, listed in turns with {@link #agent}'s. */
  private final Population.BenchAgent twin;
  private final Supplier<CpuSampler> cpu;

  private UnreadListScenario(TalkApi api, Settings settings, Population.BenchAgent agent, Population.BenchAgent twin,
                             Supplier<CpuSampler> cpu) {
    this.api = api;
    this.settings = settings;
    this.agent = agent;
    this.twin = twin;
    this.cpu = cpu;
  }

  /**
   * Seeds, checks and measures the baseline, grows the same chats to M messages, checks and measures again, then
   * lists them in turns with the twin's chats of the baseline's size. A failure
   * (a count that differs included) ends the scenario with what was measured so far and an {@code "error"}, so the
   * rest of the bench still runs.
   */
  public static JsonObject run(Vertx vertx, Mesh mesh, Infra infra, TalkApi api, Population pop, Settings settings,
                               Supplier<CpuSampler> cpu) throws InterruptedException {
    JsonArray sizes = new JsonArray();
    JsonObject result = new JsonObject().put("chats", settings.chats()).put("messages_per_chat", settings.messages())
        .put("baseline_messages_per_chat", settings.baselineMessages()).put("page_size", settings.pageSize())
        .put("workers", settings.workers()).put("pre_warm_seconds", settings.preWarm().toSeconds())
        .put("window_seconds", settings.window().toSeconds())
        .put("load_average_at_start", Report.loadAverage()).put("sizes", sizes);
    try (Connection sql = DriverManager.getConnection(infra.jdbcUrl())) {
      Jwt jwt = new Jwt(vertx, mesh.jwtSecret(), 86400);
      List<Population.BenchAgent> agents = SeededAgents.seed(infra, jwt, pop.receivers.get(0).id(), "unread-", 2 + PEERS);
      UnreadListScenario scenario = new UnreadListScenario(api, settings, agents.get(0), agents.get(1), cpu);
      List<UUID> peers = agents.subList(2, agents.size()).stream().map(a -> UUID.fromString(a.id())).toList();
      Seed seed = new Seed(sql, settings, UUID.fromString(agents.get(0).id()), peers, "unread");
      Seed twinSeed = new Seed(sql, settings, UUID.fromString(agents.get(1).id()), peers, "twin");
      long t0 = System.nanoTime();
      seed.chats();
      double chatSeconds = (System.nanoTime() - t0) / 1e9;
      JsonObject seeding = seed.grow(0, settings.baselineMessages()).put("chats_seconds", Latency.round(chatSeconds));
      twinSeed.chats();
      twinSeed.grow(0, settings.baselineMessages());
      result.put("twin_check", scenario.check(sql, settings.baselineMessages(), scenario.twin, twinSeed.name));
      sizes.add(scenario.measure(sql, settings.baselineMessages(), seeding, true));
      if (settings.messages() > settings.baselineMessages()) {
        sizes.add(scenario.measure(sql, settings.messages(), seed.grow(settings.baselineMessages(), settings.messages()), false));
        result.put("interleaved", scenario.interleaved(settings.messages()));
      }
      result.put("ratio_same_agent", ratio(sizes));
      JsonObject interleaved = result.getJsonObject("interleaved");
      result.put("ratio", interleaved == null ? result.getJsonObject("ratio_same_agent")
          : ratio(interleaved.getJsonArray("sizes").getJsonObject(0), interleaved.getJsonArray("sizes").getJsonObject(1),
              sizes.getJsonObject(sizes.size() - 1), sizes.getJsonObject(0)));
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      Progress.say("unread list: stopped after %d sizes: %s", sizes.size(), e);
      result.put("error", e.toString());
    }
    return result.put("load_average_at_end", Report.loadAverage());
  }

  /** @param first whether this is the run's first size, whose warm-up starts with {@link Settings#preWarm()} */
  private JsonObject measure(Connection sql, int m, JsonObject seeding, boolean first) throws Exception {
    String label = "unread list M=" + m;
    JsonObject size = new JsonObject().put("messages_per_chat", m).put("messages", (long) m * settings.chats())
        .put("seeding", seeding);
    size.put("check", check(sql, m, agent, Seed.NAME));
    if (first) {
      Progress.say("%s: %d s of lists first, unmeasured (the list path's first use in this run)", label,
          settings.preWarm().toSeconds());
      size.put("pre_warm", list(agent, label + " pre-warm", settings.preWarm()).toJson()
          .put("seconds", settings.preWarm().toSeconds()));
    }
    Progress.say("%s: the counts of %d chats match a count over their messages; warm-up, %d s windows (cap %d s)",
        label, settings.checkedChats(), settings.warmupWindow().toSeconds(), settings.warmupCap().toSeconds());
    size.put("warmup", Warmup.run(label, settings.warmupWindow(), settings.warmupCap(), (i, window) -> {
      CpuSampler sampler = cpu.get().start();
      Outcome o = list(agent, label + " warm-up " + i, window);
      JsonObject cost = MeshCpu.cost(sampler.stop(), o.ok(), 1);
      return new Warmup.Window(o.throughput(), cost.getJsonObject("cpu_ms_per_op").getDouble(MeshCpu.PATH));
    }));
    Progress.say("%s: %d in flight, %d s", label, settings.workers(), settings.window().toSeconds());
    CpuSampler sampler = cpu.get().start();
    Outcome o = list(agent, label, settings.window());
    JsonObject cost = MeshCpu.cost(sampler.stop(), o.ok(), 1);
    Progress.say("%s: %,.0f lists/s  %s  CPU-ms per list %s", label, o.throughput(), o.latency().summary(),
        cost.getJsonObject("cpu_ms_per_op").encode());
    size.put("list", o.toJson().put("cost", cost));
    String args = "'agent', '" + agent.id() + "'::uuid, " + settings.pageSize();
    size.put("explain", QueryPlan.explain(sql, "bench_mine", "text, uuid, int", MINE, args));
    size.put("explain_counting", QueryPlan.explain(sql, "bench_counting", "text, uuid, int", COUNTING, args));
    Progress.say("%s: list query %s buffers (%s ms); counting over the messages instead: %s buffers (%s ms)", label,
        size.getJsonObject("explain").getLong("shared_hit_blocks") + size.getJsonObject("explain").getLong("shared_read_blocks"),
        size.getJsonObject("explain").getDouble("execution_ms"),
        size.getJsonObject("explain_counting").getLong("shared_hit_blocks")
            + size.getJsonObject("explain_counting").getLong("shared_read_blocks"),
        size.getJsonObject("explain_counting").getDouble("execution_ms"));
    return size;
  }

  /**
   * The grown chats and the twin's in turns, {@code pairs} times each, in the order ABBA ABBA... so that a machine
   * getting faster or slower through the turns weighs on both sides alike; each side's windows are added up.
   */
  private JsonObject interleaved(int m) throws InterruptedException {
    Population.BenchAgent[] who = {agent, twin};
    int[] perChat = {m, settings.baselineMessages()};
    Latency[] latency = {new Latency(), new Latency()};
    long[] ok = new long[2];
    long[] errors = new long[2];
    double[] seconds = new double[2];
    JsonObject[] used = {new JsonObject(), new JsonObject()};
    Progress.say("unread list: %d turns of %d s windows, %,d messages per chat against the twin's %,d", settings.pairs(),
        settings.pairWindow().toSeconds(), m, settings.baselineMessages());
    for (int pair = 0; pair < settings.pairs(); pair++) {
      for (int k = 0; k < 2; k++) {
        int side = pair % 2 == 0 ? k : 1 - k;
        CpuSampler sampler = cpu.get().start();
        Outcome o = list(who[side], "unread list turn " + pair + ", M=" + perChat[side], settings.pairWindow());
        MeshCpu.add(used[side], sampler.stop());
        latency[side].add(o.latency());
        ok[side] += o.ok();
        errors[side] += o.errors();
        seconds[side] += o.seconds();
      }
    }
    JsonArray sides = new JsonArray();
    for (int side = 0; side < 2; side++) {
      Outcome total = new Outcome(ok[side], errors[side], seconds[side], latency[side], 0);
      JsonObject cost = MeshCpu.cost(used[side], ok[side], 1);
      Progress.say("unread list, turns, %,d messages per chat (%s): %,.0f lists/s  %s  CPU-ms per list %s", perChat[side],
          side == 0 ? "grown" : "twin", total.throughput(), latency[side].summary(), cost.getJsonObject("cpu_ms_per_op").encode());
      sides.add(new JsonObject().put("messages_per_chat", perChat[side]).put("agent", side == 0 ? "grown" : "twin")
          .put("list", total.toJson().put("cost", cost)));
    }
    return new JsonObject().put("pairs", settings.pairs()).put("window_seconds", settings.pairWindow().toSeconds())
        .put("sizes", sides);
  }

  private Outcome list(Population.BenchAgent who, String phase, Duration duration) throws InterruptedException {
    int expected = Math.min(settings.pageSize(), settings.chats());
    return ClosedLoop.run(phase, settings.workers(), duration, (w, start) -> api.listChats(who.token(), settings.pageSize())
        .compose(page -> page.getJsonArray("result").size() == expected ? Future.succeededFuture(page)
            : Future.failedFuture("a page of " + page.getJsonArray("result").size() + " chats, not " + expected)));
  }

  /**
   * The API's first page against the seeding's closed form and a count over the messages, for {@code checkedChats}
   * chats spread over the page: all three must agree, and every chat of the page must have something unread.
   */
  private JsonObject check(Connection sql, int m, Population.BenchAgent who, String namePrefix) throws Exception {
    JsonArray page = api.listChats(who.token(), settings.pageSize()).await(30, TimeUnit.SECONDS).getJsonArray("result");
    int expected = Math.min(settings.pageSize(), settings.chats());
    if (page.size() != expected) {
      throw new IllegalStateException("the first page holds " + page.size() + " chats, not " + expected);
    }
    JsonArray checked = new JsonArray();
    try (PreparedStatement count = sql.prepareStatement(BRUTE_FORCE)) {
      for (int i = 0; i < settings.checkedChats(); i++) {
        JsonObject chat = page.getJsonObject(i * (page.size() - 1) / Math.max(1, settings.checkedChats() - 1));
        int n = Integer.parseInt(chat.getString("name").substring(namePrefix.length()));
        UnreadPattern.State model = UnreadPattern.state(UnreadPattern.pointer(n, m), m);
        count.setObject(1, UUID.fromString(chat.getString("id")));
        count.setObject(2, UUID.fromString(who.id()));
        JsonObject row = new JsonObject().put("chat", chat.getString("name"))
            .put("api", new JsonObject().put("unread_count", chat.getLong("unread_count"))
                .put("mention_count", chat.getLong("mention_count")).put("read_message_id", chat.getString("read_message_id")));
        try (ResultSet rs = count.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException(chat.getString("name") + ": the agent has no participant row");
          }
          row.put("counted", new JsonObject().put("unread_count", rs.getLong("unread")).put("mention_count", rs.getLong("mentions"))
              .put("read_message_id", Objects.toString(rs.getObject("read_message_id"), "")));
        }
        row.put("model", new JsonObject().put("unread_count", model.unreadCount()).put("mention_count", model.mentionCount()));
        checked.add(row);
        JsonObject answered = row.getJsonObject("api");
        JsonObject counted = row.getJsonObject("counted");
        if (!answered.equals(counted) || model.unreadCount() != counted.getLong("unread_count")
            || model.mentionCount() != counted.getLong("mention_count")) {
          throw new IllegalStateException("M=" + m + ", " + chat.getString("name") + ": the API, a count over the messages"
              + " and the seeding's model differ: " + row.encode());
        }
      }
    }
    for (Object o : page) {
      JsonObject chat = (JsonObject) o;
      if (chat.getLong("unread_count", 0L) <= 0) {
        throw new IllegalStateException("M=" + m + ", " + chat.getString("name") + ": nothing unread: " + chat.encode());
      }
    }
    return new JsonObject().put("chats", checked.size()).put("matched", true).put("rows", checked);
  }

  /** The largest size over the baseline, each measured in its own windows one after the other. */
  private static JsonObject ratio(JsonArray sizes) {
    if (sizes.size() < 2) {
      return null;
    }
    return ratio(sizes.getJsonObject(sizes.size() - 1), sizes.getJsonObject(0), sizes.getJsonObject(sizes.size() - 1),
        sizes.getJsonObject(0));
  }

  /**
   * {@code large} over {@code small} (each holding a {@code "list"} outcome), latency and CPU per list per group; the
   * list query's buffers from the sizes' EXPLAIN.
   */
  private static JsonObject ratio(JsonObject large, JsonObject small, JsonObject largePlanned, JsonObject smallPlanned) {
    JsonObject base = small.getJsonObject("list");
    JsonObject big = large.getJsonObject("list");
    JsonObject out = new JsonObject();
    for (String p : List.of("p50_ms", "p99_ms")) {
      out.put(p, divide(big.getJsonObject("latency").getDouble(p), base.getJsonObject("latency").getDouble(p)));
    }
    // RabbitMQ does the same work for a list of either size: how far its figure moves is the machine's own drift
    for (String group : List.of(MeshCpu.PATH, MeshCpu.POSTGRES, "talk-manager", "api-gateway", MeshCpu.RABBITMQ)) {
      out.put("cpu_ms_per_list_" + group, divide(big.getJsonObject("cost").getJsonObject("cpu_ms_per_op").getDouble(group),
          base.getJsonObject("cost").getJsonObject("cpu_ms_per_op").getDouble(group)));
    }
    JsonObject basePlan = smallPlanned.getJsonObject("explain");
    JsonObject bigPlan = largePlanned.getJsonObject("explain");
    out.put("buffers", divide((double) (bigPlan.getLong("shared_hit_blocks") + bigPlan.getLong("shared_read_blocks")),
        (double) (basePlan.getLong("shared_hit_blocks") + basePlan.getLong("shared_read_blocks"))));
    return out;
  }

  private static Double divide(Double a, Double b) {
    return a == null || b == null || b == 0 ? null : Latency.round(a / b);
  }

  /**
   * The scenario's rows, written set-based on one connection: the chats (numbered {@code unread-<n>}, the newest
   * last), their two participants (the agent and one of the peers) and a "joined" system message each, then the
   * normal messages in INSERT ... SELECT statements over generate_series, then the counters the V13 rules give.
   */
  static final class Seed {
    /** The chat names of the measured agent's seeding: {@code unread-<n>}. */
    static final String NAME = "unread-";

    private final Connection sql;
    private final Settings settings;
    private final UUID agent;
    private final List<UUID> peers;
    /** The chats' name prefix, {@code <what>-}. */
    final String name;
    /** The temporary table of the chats, {@code bench_<what>_chat}. */
    private final String table;
    private final List<UUID> chatIds = new ArrayList<>();

    /** @param what names the chats ({@code <what>-<n>}) and their temporary table */
    Seed(Connection sql, Settings settings, UUID agent, List<UUID> peers, String what) {
      this.sql = sql;
      this.settings = settings;
      this.agent = agent;
      this.peers = peers;
      this.name = what + "-";
      this.table = "bench_" + what + "_chat";
    }

    /** The chats, a minute apart and a month ago, in a temporary table the message inserts join. */
    void chats() throws SQLException {
      UUID[] peerOf = new UUID[settings.chats()];
      for (int n = 0; n < settings.chats(); n++) {
        chatIds.add(UUID.randomUUID());
        peerOf[n] = peers.get(n % peers.size());
      }
      try (Statement s = sql.createStatement()) {
        s.execute("CREATE TEMPORARY TABLE " + table + " (n int PRIMARY KEY, id uuid NOT NULL, peer uuid NOT NULL,"
            + " t0 timestamptz NOT NULL)");
      }
      try (PreparedStatement insert = sql.prepareStatement("INSERT INTO " + table + " (n, id, peer, t0)"
          + " SELECT c.n - 1, c.id, c.peer, now() - interval '30 days' + (c.n - 1) * interval '1 minute'"
          + " FROM unnest(?::uuid[], ?::uuid[]) WITH ORDINALITY AS c(id, peer, n)")) {
        insert.setArray(1, sql.createArrayOf("uuid", chatIds.toArray()));
        insert.setArray(2, sql.createArrayOf("uuid", peerOf));
        insert.executeUpdate();
      }
      sql.setAutoCommit(false);
      try (PreparedStatement chats = sql.prepareStatement("INSERT INTO talk_chats (id, customer_id, type, name, detail,"
          + " member_count, tm_create, tm_update, creator_type, creator_id) SELECT c.id, a.customer_id, 'group', '" + name
          + "' || c.n, '', 2, c.t0, c.t0, 'agent', a.id FROM " + table + " c, agents a WHERE a.id = ?");
           PreparedStatement participants = sql.prepareStatement("INSERT INTO talk_participants (id, customer_id, chat_id,"
               + " owner_type, owner_id, tm_joined) SELECT gen_random_uuid(), a.customer_id, c.id, 'agent', o.owner, c.t0"
               + " FROM " + table + " c CROSS JOIN LATERAL (VALUES (?::uuid), (c.peer)) AS o(owner), agents a"
               + " WHERE a.id = ?");
           PreparedStatement joined = sql.prepareStatement("INSERT INTO talk_messages (id, customer_id, chat_id, owner_type,"
               + " owner_id, type, text, tm_create, tm_update, ordinal) SELECT gen_random_uuid(), a.customer_id, c.id,"
               + " 'system', '00000000-0000-0000-0000-000000000000', 'system', p.name || ' joined the conversation.', c.t0,"
               + " c.t0, 0 FROM " + table + " c JOIN agents p ON p.id = c.peer, agents a WHERE a.id = ?")) {
        chats.setObject(1, agent);
        chats.executeUpdate();
        participants.setObject(1, agent);
        participants.setObject(2, agent);
        participants.executeUpdate();
        joined.setObject(1, agent);
        joined.executeUpdate();
        sql.commit();
      } finally {
        sql.setAutoCommit(true);
      }
    }

    /**
     * Appends ordinals {@code from+1 .. to} to every chat, sets msg_count and both participants' read state for a
     * chat of {@code to} messages, and vacuums; answers the seconds each part took.
     */
    JsonObject grow(int from, int to) throws SQLException {
      long t0 = System.nanoTime();
      String k = "k";  // the ordinal, generate_series' column below
      try (PreparedStatement insert = sql.prepareStatement("INSERT INTO talk_messages (id, customer_id, chat_id, owner_type,"
          + " owner_id, type, text, tm_create, tm_update, tm_delete, ordinal, mentions)"
          + " SELECT gen_random_uuid(), a.customer_id, c.id, 'agent', CASE WHEN " + UnreadPattern.ownSql(k)
          + " THEN a.id ELSE c.peer END, 'normal', CASE WHEN " + UnreadPattern.deletedSql(k) + " THEN ''"
          + " ELSE (?::text[])[1 + " + k + " % " + LINES.size() + "] END, c.t0 + " + k + " * interval '1 second',"
          + " c.t0 + " + k + " * interval '1 second' + CASE WHEN " + UnreadPattern.deletedSql(k)
          + " THEN interval '1 minute' ELSE interval '0' END, CASE WHEN " + UnreadPattern.deletedSql(k) + " THEN c.t0 + "
          + k + " * interval '1 second' + interval '1 minute' END, " + k + ", CASE WHEN " + UnreadPattern.mentionSql(k)
          + " THEN ARRAY[a.id] ELSE '{}'::uuid[] END"
          + " FROM " + table + " c CROSS JOIN generate_series(?::bigint, ?::bigint) AS " + k + ", agents a"
          + " WHERE a.id = ? AND c.n >= ? AND c.n < ?")) {
        insert.setArray(1, sql.createArrayOf("text", LINES.toArray()));
        insert.setLong(2, from + 1L);
        insert.setLong(3, to);
        insert.setObject(4, agent);
        for (int n = 0; n < settings.chats(); n += settings.chatsPerInsert()) {
          insert.setInt(5, n);
          insert.setInt(6, n + settings.chatsPerInsert());
          insert.executeUpdate();
          if (settings.chats() > settings.chatsPerInsert()) {
            Progress.say("unread list: seeded messages %,d..%,d of chats %,d..%,d", from + 1, to, n,
                Math.min(settings.chats(), n + settings.chatsPerInsert()) - 1);
          }
        }
      }
      double inserted = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      counters(to);
      double counters = (System.nanoTime() - t1) / 1e9;
      long t2 = System.nanoTime();
      try (Statement s = sql.createStatement()) {
        // The counters' bulk UPDATE rewrote the rows in whatever order its join took; in chat_id order (the owner
        // index's) the list reads a few percent of the heap pages it reads otherwise. Laid out again in the order of
        // their random ids, the rows of both sizes sit as scattered as rows inserted chat by chat over months.
        s.execute("CLUSTER talk_participants USING talk_participants_pkey");
        s.execute("CLUSTER talk_chats USING talk_chats_pkey");
        // the seeded rows' first vacuum now, not as an autovacuum inside a measured window
        s.execute("VACUUM (ANALYZE) talk_messages, talk_participants, talk_chats");
        // and their gigabytes of dirty pages written now: a checkpoint (and the kernel's writeback) spreading them
        // over the next minutes slowed every process of a measured list, RabbitMQ's as much as PostgreSQL's
        s.execute("CHECKPOINT");
      }
      double vacuum = (System.nanoTime() - t2) / 1e9;
      long rows = (long) (to - from) * settings.chats();
      Progress.say("unread list: %,d messages (%,d per chat) in %.1f s (%,.0f rows/s), counters %.1f s, cluster, vacuum and checkpoint %.1f s",
          rows, to, inserted, rows / inserted, counters, vacuum);
      return new JsonObject().put("messages_inserted", rows).put("insert_seconds", Latency.round(inserted))
          .put("rows_per_second", Latency.round(rows / inserted)).put("counters_seconds", Latency.round(counters))
          .put("cluster_vacuum_checkpoint_seconds", Latency.round(vacuum));
    }

    /** msg_count, the agent's pointer and counters from {@link UnreadPattern}, the peer's pointer at the newest message. */
    private void counters(int m) throws SQLException {
      UUID[] ids = chatIds.toArray(UUID[]::new);
      Long[] pointers = new Long[ids.length];
      Long[] skips = new Long[ids.length];
      Integer[] mentions = new Integer[ids.length];
      for (int n = 0; n < ids.length; n++) {
        UnreadPattern.State s = UnreadPattern.state(UnreadPattern.pointer(n, m), m);
        pointers[n] = s.readOrdinal();
        skips[n] = s.unreadSkip();
        mentions[n] = Math.toIntExact(s.mentionCount());
      }
      sql.setAutoCommit(false);
      try (PreparedStatement chats = sql.prepareStatement("UPDATE talk_chats t SET msg_count = ?, tm_update = c.t0"
          + " + ? * interval '1 second' FROM " + table + " c WHERE t.id = c.id");
           PreparedStatement mine = sql.prepareStatement("UPDATE talk_participants p SET read_ordinal = s.r,"
               + " unread_skip = s.skip, mention_count = s.mentions, tm_read = c.t0 + s.r * interval '1 second'"
               + " + interval '5 seconds', read_message_id = (SELECT m.id FROM talk_messages m WHERE m.chat_id = p.chat_id"
               + " AND m.ordinal = s.r AND m.type = 'normal') FROM unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::int[])"
               + " AS s(chat_id, r, skip, mentions) JOIN " + table + " c ON c.id = s.chat_id"
               + " WHERE p.chat_id = s.chat_id AND p.owner_type = 'agent' AND p.owner_id = ?");
           PreparedStatement peers = sql.prepareStatement("UPDATE talk_participants p SET read_ordinal = ?, unread_skip = 0,"
               + " mention_count = 0, tm_read = c.t0 + ? * interval '1 second' + interval '5 seconds',"
               + " read_message_id = (SELECT m.id FROM talk_messages m WHERE m.chat_id = p.chat_id AND m.ordinal = ?"
               + " AND m.type = 'normal') FROM " + table + " c WHERE p.chat_id = c.id AND p.owner_id = c.peer")) {
        chats.setLong(1, m);
        chats.setLong(2, m);
        chats.executeUpdate();
        mine.setArray(1, sql.createArrayOf("uuid", ids));
        mine.setArray(2, sql.createArrayOf("int8", pointers));
        mine.setArray(3, sql.createArrayOf("int8", skips));
        mine.setArray(4, sql.createArrayOf("int4", mentions));
        mine.setObject(5, agent);
        int updated = mine.executeUpdate();
        if (updated != ids.length) {
          throw new IllegalStateException("the agent's read state was set in " + updated + " chats, not " + ids.length);
        }
        peers.setLong(1, m);
        peers.setLong(2, m);
        peers.setLong(3, m);
        peers.executeUpdate();
        sql.commit();
      } finally {
        sql.setAutoCommit(true);
      }
    }
  }
}
