package io.talkmesh.talkmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.rpc.RpcRequest;
import io.talkmesh.common.rpc.RpcResponse;
import io.talkmesh.common.rpc.RpcRouter;
import io.talkmesh.talkmanager.agent.AgentService;
import io.talkmesh.talkmanager.agent.Passwords;
import io.talkmesh.talkmanager.chat.ChatService;
import io.talkmesh.talkmanager.customer.CustomerService;
import io.talkmesh.talkmanager.customer.PlatformOperator;
import io.talkmesh.talkmanager.db.Database;
import io.talkmesh.talkmanager.db.DatabaseErrors;
import io.talkmesh.talkmanager.db.Migrations;
import io.talkmesh.talkmanager.eventlog.EventLogService;
import io.talkmesh.talkmanager.legacy.LegacyService;
import io.talkmesh.talkmanager.message.MessageService;
import io.talkmesh.talkmanager.participant.ParticipantService;
import io.talkmesh.talkmanager.readstate.ReadStateService;
import io.talkmesh.talkmanager.search.SearchService;
import io.talkmesh.talkmanager.pin.PinService;
import io.talkmesh.talkmanager.message.AroundService;
import io.talkmesh.talkmanager.talks.TalkService;
import io.talkmesh.talkmanager.rpc.TalkRoutes;
import io.talkmesh.testinfra.Names;
import io.talkmesh.testinfra.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * talk-manager's RPC surface on a fresh database per test class, without the broker: the database migrated as
 * production migrates it, the services and router built as {@code RpcVerticle} builds them, each call an
 * {@link RpcRequest} dispatched and its failure classified as the RPC listener does. Register it with
 * {@code @RegisterExtension static final TalkRpc rpc = new TalkRpc();}.
 */
public final class TalkRpc implements BeforeAllCallback, AfterAllCallback {
  private static final long TIMEOUT_SECONDS = 30;
  private static final String PASSWORD = "secret-password";

  /** Presence as the tests drive it: a 200 ms grace; the tests call the sweep themselves ({@link #pool()}). */
  public static final io.talkmesh.talkmanager.presence.PresencePolicy PRESENCE =
      new io.talkmesh.talkmanager.presence.PresencePolicy(200, 50);
  /** The webhook target policy of the tests: no allow-list, so loopback and private addresses are refused. */
  public static final io.talkmesh.common.webhook.TargetPolicy WEBHOOK_TARGETS =
      io.talkmesh.common.webhook.TargetPolicy.of("");
  private Vertx vertx;
  private String pgUri;
  private Pool pool;
  private RpcRouter router;
  private AgentService agents;
  private Team team;
  private Actor operator;

  @Override
  public void beforeAll(ExtensionContext context) {
    pgUri = TestPostgres.shared().newDatabase();
    Migrations.run(pgUri);
    vertx = Vertx.vertx();
    pool = Database.pool(vertx, pgUri, 4, "talk-manager-test-" + Names.lowercase(6));
    agents = new AgentService(pool, new Passwords(vertx));
    ChatService chats = new ChatService(pool);
    ParticipantService participants = new ParticipantService(pool);
    MessageService messages = new MessageService(pool);
    router = TalkRoutes.of(agents, chats, participants, messages, new EventLogService(pool),
        new LegacyService(pool, chats, participants, messages), new TalkService(pool, chats, participants, messages),
        new CustomerService(pool, new Passwords(vertx), true), new ReadStateService(pool),
        new SearchService(pool), new PinService(pool), new AroundService(pool),
        new io.talkmesh.talkmanager.presence.PresenceService(pool, PRESENCE),
        new io.talkmesh.talkmanager.webhook.WebhookService(pool, WEBHOOK_TARGETS));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (pool != null) {
      await(pool.close());
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  /** What the RPC listener would answer to this request (errors as their status code and error body). */
  public RpcResponse call(Actor actor, String method, String uri, JsonObject body) {
    RpcRequest request = RpcRequest.of(method, uri, body, actor, "talk-manager-test", "req-" + UUID.randomUUID());
    Future<RpcResponse> answer = router.dispatch(request).recover(err -> Future.failedFuture(DatabaseErrors.toTalk(err)));
    try {
      return await(answer);
    } catch (TalkException e) {
      return RpcResponse.error(e);
    }
  }

  /** The request dispatched without waiting (for concurrent calls): completes with the answer, errors included. */
  public Future<RpcResponse> callAsync(Actor actor, String method, String uri, JsonObject body) {
    RpcRequest request = RpcRequest.of(method, uri, body, actor, "talk-manager-test", "req-" + UUID.randomUUID());
    return router.dispatch(request).recover(err -> Future.failedFuture(DatabaseErrors.toTalk(err)))
        .recover(err -> err instanceof TalkException e ? Future.succeededFuture(RpcResponse.error(e))
            : Future.failedFuture(err));
  }

  /** The rows of a query on this class's database (for checks no RPC route shows). */
  public List<io.vertx.sqlclient.Row> rows(String sql, Object... params) {
    List<io.vertx.sqlclient.Row> out = new ArrayList<>();
    await(pool.preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.from(params))).forEach(out::add);
    return out;
  }

  /** Waits for futures of this class's calls. */
  public static <T> T awaitAll(Future<T> future) {
    return await(future);
  }

  /** The URI of this class's database (for verticles a test deploys on it). */
  public String pgUri() {
    return pgUri;
  }

  /** This class's Vert.x. */
  public Vertx vertx() {
    return vertx;
  }

  /** The database of this class, for checks no RPC route shows (e.g. the state of a chat nobody may read any more). */
  public Pool pool() {
    return pool;
  }

  public RpcResponse get(Actor actor, String uri) {
    return call(actor, "GET", uri, null);
  }

  /** The data of a call that must succeed; the failure's body is shown when it did not. */
  public JsonObject ok(Actor actor, String method, String uri, JsonObject body) {
    RpcResponse response = call(actor, method, uri, body);
    assertThat(response.statusCode()).as("%s %s answered %s", method, uri, response.data()).isEqualTo(200);
    return (JsonObject) response.data();
  }

  public JsonObject ok(Actor actor, String method, String uri) {
    return ok(actor, method, uri, null);
  }

  /** Asserts the answer is this status word and reason, showing the whole answer when it is not. */
  public static void assertRefused(RpcResponse response, Status status, String reason) {
    assertThat(response.statusCode()).as("expected %s %s, got %s", status, reason, response.data())
        .isEqualTo(status.httpStatus());
    assertThat(((JsonObject) response.data()).getString("reason")).as("reason of %s", response.data()).isEqualTo(reason);
  }

  /** The ids of a page's items, in the page's order. */
  public static List<String> ids(JsonObject page) {
    List<String> ids = new ArrayList<>();
    page.getJsonArray("result").forEach(item -> ids.add(((JsonObject) item).getString("id")));
    return ids;
  }

  /** A new customer and its admin, created as talk-manager's first start does, logged in. */
  public Actor newCustomerAdmin() {
    String username = "admin-" + Names.lowercase(10);
    await(agents.bootstrapAdmin(username, PASSWORD));
    return actorOf(ok(null, "POST", "/v1/auth/login", new JsonObject().put("username", username).put("password", PASSWORD)));
  }

  /**
   * The platform operator, made on first use as talk-manager's start makes it with
   * {@code TALK_PLATFORM_ADMIN_USERNAME} set, logged in.
   */
  public Actor operator() {
    if (operator == null) {
      String username = "operator-" + Names.lowercase(10);
      await(PlatformOperator.ensure(pool, agents, username, PASSWORD));
      operator = actorOf(ok(null, "POST", "/v1/auth/login", new JsonObject().put("username", username)
          .put("password", PASSWORD)));
    }
    return operator;
  }

  /**
   * Runs talk-manager's start-up operator set-up again, with this username (null: no operator); the operator of
   * {@link #operator()} is forgotten (the next call makes a new one).
   */
  public void ensureOperator(String username, String password) {
    operator = null;
    await(PlatformOperator.ensure(pool, agents, username, password));
  }

  /** Logs in; the agent as an actor. */
  public Actor login(String username, String password) {
    return actorOf(ok(null, "POST", "/v1/auth/login", new JsonObject().put("username", username)
        .put("password", password)));
  }

  /** This class's customer admin, made on first use with three plain agents (alice, bob, carol). */
  public Actor admin() {
    return team().admin();
  }

  public Actor alice() {
    return team().alice();
  }

  public Actor bob() {
    return team().bob();
  }

  public Actor carol() {
    return team().carol();
  }

  /** The member of this class's team called so in a test table ("admin", "alice", "bob", "carol"). */
  public Actor member(String name) {
    return switch (name) {
      case "admin" -> admin();
      case "alice" -> alice();
      case "bob" -> bob();
      case "carol" -> carol();
      default -> throw new IllegalArgumentException("no " + name + " in the team");
    };
  }

  private Team team() {
    if (team == null) {
      Actor admin = newCustomerAdmin();
      team = new Team(admin, newAgent(admin), newAgent(admin), newAgent(admin));
    }
    return team;
  }

  private record Team(Actor admin, Actor alice, Actor bob, Actor carol) {
  }

  /** A new plain agent (permission AGENT) of the admin's customer. */
  public Actor newAgent(Actor admin) {
    return newAgent(admin, 0x10);
  }

  public Actor newAgent(Actor admin, long permission) {
    return actorOf(ok(admin, "POST", "/v1/agents", new JsonObject().put("username", "agent-" + Names.lowercase(10))
        .put("password", PASSWORD).put("permission", permission)));
  }

  /** Creates a chat of this type with the creator and the other agents in it; returns its id. */
  public String newChat(Actor creator, String type, Actor... others) {
    JsonArray participants = new JsonArray();
    Arrays.stream(others).forEach(other -> participants.add(new JsonObject().put("owner_id", other.ownerId().toString())));
    return ok(creator, "POST", "/v1/chats", new JsonObject().put("type", type).put("name", type + " chat")
        .put("participants", participants)).getString("id");
  }

  /** Sends a text message; returns its id. */
  public String send(Actor author, String chatId, String text) {
    return ok(author, "POST", "/v1/messages", new JsonObject().put("chat_id", chatId).put("text", text)).getString("id");
  }

  private static Actor actorOf(JsonObject agent) {
    return Actor.agent(UUID.fromString(agent.getString("customer_id")), UUID.fromString(agent.getString("id")),
        agent.getLong("permission"));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT_SECONDS + " s", e);
    }
  }
}
