package io.talkmesh.bench.scenario;

import io.talkmesh.bench.client.TalkApi;
import io.talkmesh.bench.load.Batches;
import io.talkmesh.bench.measure.Progress;
import io.talkmesh.bench.mesh.Infra;
import io.talkmesh.bench.mesh.Mesh;
import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The agents and chats every scenario shares, created once through the public HTTP API as the admin (agents beyond
 * a creation budget are seeded into the table, see {@link #create}):
 * {@code pairs} group chats of a sender and a receiver (send, e2e) and public "talk" channels of the fan-out sizes,
 * joined by their members. Agent creation costs a bcrypt hash each, so it runs concurrently; the senders log in over
 * HTTP, everyone else's token is signed with the mesh's own JWT secret (the claims the gateway would issue).
 */
public final class Population {
  private static final String PASSWORD = "bench-password";

  public final String adminToken;
  public final Actor admin;
  public final List<BenchAgent> senders;
  public final List<BenchAgent> receivers;
  public final List<String> pairChats;
  public final List<BenchAgent> members;
  /** Fan-out size → the id of a talk channel with that many members (besides the admin, who sends). */
  public final Map<Integer, String> channels;
  public final double agentCreationSeconds;
  public final int agentsViaApi;
  public final int agentsTotal;

  /** An agent and its token. */
  public record BenchAgent(String id, String username, String token) {
  }

  private Population(String adminToken, Actor admin, List<BenchAgent> senders, List<BenchAgent> receivers,
                     List<String> pairChats, List<BenchAgent> members, Map<Integer, String> channels, double seconds,
                     int agentsViaApi, int agentsTotal) {
    this.adminToken = adminToken;
    this.admin = admin;
    this.senders = senders;
    this.receivers = receivers;
    this.pairChats = pairChats;
    this.members = members;
    this.channels = channels;
    this.agentCreationSeconds = seconds;
    this.agentsViaApi = agentsViaApi;
    this.agentsTotal = agentsTotal;
  }

  /**
   * @param viaApi how many agents at most are created through the API; the rest of the fan-out members are seeded
   *               into the agents table with the password hash of an API-created agent (bcrypt at ~10 hashes/s on
   *               2 cores would take 8 minutes for 5,000 members)
   */
  public static Population create(Vertx vertx, Mesh mesh, Infra infra, TalkApi api, int pairs, List<Integer> fanoutSizes,
                                  int viaApi) throws Exception {
    Jwt jwt = new Jwt(vertx, mesh.jwtSecret(), 86400);
    String adminToken = api.login(Mesh.ADMIN_USERNAME, Mesh.ADMIN_PASSWORD).await(30, TimeUnit.SECONDS);
    Actor admin = jwt.verify(adminToken).await(10, TimeUnit.SECONDS);
    int maxMembers = fanoutSizes.stream().mapToInt(Integer::intValue).max().orElse(0);
    int total = 2 * pairs + maxMembers;
    int created = Math.min(total, Math.max(viaApi, 2 * pairs + 1));
    Progress.say("creating %,d agents through the API (bcrypt each)...", created);
    long t0 = System.nanoTime();
    List<Agent> agents = new ArrayList<>(Batches.run("create agents", created, 4,
        i -> createAgent(api, adminToken, "bench-" + i, 0)));
    double seconds = (System.nanoTime() - t0) / 1e9;
    Progress.say("created %,d agents in %.1f s (%.1f/s)", created, seconds, created / seconds);
    if (total > created) {
      agents.addAll(seed(infra, agents.get(0), created, total));
      Progress.say("seeded %,d more agents into the agents table (same customer, permission and password hash)", total - created);
    }

    List<BenchAgent> senders = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      Agent a = agents.get(i);
      senders.add(new BenchAgent(a.id().toString(), a.username(), api.login(a.username(), PASSWORD).await(30, TimeUnit.SECONDS)));
    }
    List<BenchAgent> receivers = agents.subList(pairs, 2 * pairs).stream().map(a -> minted(jwt, a)).toList();
    List<BenchAgent> members = agents.subList(2 * pairs, total).stream().map(a -> minted(jwt, a)).toList();

    List<String> pairChats = Batches.run("create pair chats", pairs, 8,
        i -> api.createChat(senders.get(i).token(), "group", "pair-" + i, List.of(receivers.get(i).id()))
            .map(chat -> chat.getString("id")));

    Map<Integer, String> channels = new LinkedHashMap<>();
    for (int m : fanoutSizes) {
      String channel = api.createChat(adminToken, "talk", "fanout-" + m, List.of()).await(30, TimeUnit.SECONDS).getString("id");
      Batches.run("join fanout-" + m, m, 16, i -> api.join(members.get(i).token(), channel, members.get(i).id()));
      channels.put(m, channel);
    }
    return new Population(adminToken, admin, senders, receivers, pairChats, members, channels, seconds, created, total);
  }

  /**
   * A 504 (bcrypt queued behind other work for longer than the RPC timeout) may still have created the agent, so a
   * retry takes a new username.
   */
  private static Future<Agent> createAgent(TalkApi api, String adminToken, String username, int attempt) {
    String name = attempt == 0 ? username : username + "-r" + attempt;
    return api.createAgent(adminToken, name, PASSWORD).map(Agent::fromJson)
        .recover(err -> attempt < 3 ? createAgent(api, adminToken, username, attempt + 1) : Future.failedFuture(err));
  }

  /** Agents {@code bench-from} … {@code bench-(to-1)}, rows copied from {@code model} but for id and username. */
  private static List<Agent> seed(Infra infra, Agent model, int from, int to) throws Exception {
    List<Agent> seeded = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(infra.jdbcUrl());
         PreparedStatement insert = c.prepareStatement("INSERT INTO agents (id, customer_id, username, password_hash, name,"
             + " detail, permission, tm_create, tm_update) SELECT ?, customer_id, ?, password_hash, ?, 'bench', permission,"
             + " now(), now() FROM agents WHERE id = ?")) {
      c.setAutoCommit(false);
      for (int i = from; i < to; i++) {
        UUID id = UUID.randomUUID();
        String username = "bench-" + i;
        insert.setObject(1, id);
        insert.setString(2, username);
        insert.setString(3, username);
        insert.setObject(4, model.id());
        insert.addBatch();
        Instant now = Instant.now();
        seeded.add(new Agent(id, model.customerId(), username, username, "bench", model.permission(), now, now, null));
      }
      insert.executeBatch();
      c.commit();
    }
    return seeded;
  }

  private static BenchAgent minted(Jwt jwt, Agent agent) {
    return new BenchAgent(agent.id().toString(), agent.username(), jwt.issue(agent));
  }

  public JsonObject toJson() {
    return new JsonObject().put("pairs", senders.size()).put("members", members.size())
        .put("agents_total", agentsTotal).put("agents_via_api", agentsViaApi)
        .put("agents_seeded", agentsTotal - agentsViaApi)
        .put("api_agent_creation_seconds", Math.round(agentCreationSeconds * 10) / 10.0)
        .put("api_agent_creations_per_second", Math.round(10 * agentsViaApi / agentCreationSeconds) / 10.0);
  }
}
