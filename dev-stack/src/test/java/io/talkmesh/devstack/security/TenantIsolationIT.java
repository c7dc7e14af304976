package io.talkmesh.devstack.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.system.WsClient;
import io.talkmesh.devstack.testing.Agent;
import io.talkmesh.devstack.testing.Mesh;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two customers on one mesh (a second talk-manager deploy bootstraps the second one); customer B's admin and agent
 * try every id of customer A: every operation of the OpenAPI document taking an id in its path or query answers 404
 * (never 403, never data), bodies naming A's ids too, lists never show A's data, and WebSocket topics of another
 * customer or agent are refused with an error frame naming the topic, with no event of A's leaking to B.
 */
class TenantIsolationIT {
  @RegisterExtension
  static final Mesh mesh = Mesh.withDefaults();
  private static RawHttp http;
  private static Tenant a;
  private static Tenant b;
  private static List<PublicApi.Operation> operations;
  private static final String OPERATOR_ONLY = "/v1.0/customers/";

  @BeforeAll
  static void start() throws Exception {
    String adminB = "admin-b-" + UUID.randomUUID();
    String passwordB = "admin-b-password-" + UUID.randomUUID();
    mesh.stack().startTalkManagerWithAdmin(adminB, passwordB);
    http = mesh.own(new RawHttp(mesh.client(), mesh.stack().httpPort()));
    operations = PublicApi.read(http);
    a = Tenant.arrange(mesh, Stack.ADMIN, Stack.ADMIN_PASSWORD);
    b = Tenant.arrange(mesh, adminB, passwordB);
    // B's admin joins B's chat, so a refusal can only be about A's id, not about B's own chat
    Tenant.ok(mesh.api().post("/v1.0/service_agents/talk_chats/" + b.chat + "/participants", b.alice.token(),
        new JsonObject().put("owner_type", "agent").put("owner_id", b.admin.id())));
    assertThat(b.customerId).as("the second admin's customer").isNotEqualTo(a.customerId);
  }

  @Test
  void everyRouteTakingAnIdAnswers404ToAnotherCustomersIds() {
    List<String> violations = new ArrayList<>();
    int requests = 0;
    for (PublicApi.Operation op : operations) {
      if (op.path().startsWith(OPERATOR_ONLY)) {
        continue; // the platform operator's routes: refused to every customer's agent alike (below)
      }
      List<PublicApi.Param> ids = new ArrayList<>(op.pathParams());
      op.query().stream().filter(p -> "uuid".equals(p.format())).forEach(ids::add);
      for (PublicApi.Param foreign : ids) {
        for (Agent caller : List.of(b.admin, b.alice)) {
          RawHttp.Request request = request(op, foreign, caller);
          RawHttp.Reply reply = http.send(request, HttpContract.DEADLINE);
          requests++;
          String problem = notFoundProblem(reply, Set.of(a.ids().get(PublicApi.idKind(op, foreign))));
          if (problem != null) {
            violations.add("- " + problem + " as B's " + (caller == b.admin ? "admin" : "agent") + ": " + reply
                + " for " + request + " (A's " + PublicApi.idKind(op, foreign) + " in " + foreign.name() + ")");
          }
        }
      }
    }
    System.out.printf("tenant isolation: %d requests with another customer's ids in the path or query%n", requests);
    assertThat(violations).as("answers to another customer's ids other than a bare 404").isEmpty();
  }

  /**
   * The platform operator's routes take any customer's id, so they cannot answer 404 to another customer's: they refuse
   * every customer's agent, admins included, with the same 403 whatever the id (no oracle of which ids exist).
   */
  @Test
  void theOperatorsCustomerRoutesRefuseEveryCustomersAgentAlike() {
    for (Agent caller : List.of(b.admin, b.alice)) {
      for (String id : List.of(a.customerId, b.customerId, UUID.randomUUID().toString())) {
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE)) {
          RawHttp.Request request = RawHttp.Request.of(method, OPERATOR_ONLY + id)
              .header("Authorization", "Bearer " + caller.token());
          if (method == HttpMethod.PUT) {
            request = request.header("Content-Type", "application/json").body("{\"name\":\"taken over\"}");
          }
          RawHttp.Reply reply = http.send(request, HttpContract.DEADLINE);
          assertThat(reply.status()).as("%s %s as B's agent", method, id).isEqualTo(403);
          assertThat(reply.body().toString()).contains("PLATFORM_OPERATOR_REQUIRED").doesNotContain(a.customerId);
        }
      }
    }
  }

  @Test
  void bodiesNamingAnotherCustomersIdsAnswer404() {
    Map<String, RawHttp.Request> cases = new LinkedHashMap<>();
    String talkMessages = "/v1.0/service_agents/talk_messages";
    String talkChats = "/v1.0/service_agents/talk_chats";
    cases.put("message into A's chat", post(talkMessages, new JsonObject().put("chat_id", a.chat).put("text", "x")));
    cases.put("message into A's channel", post(talkMessages, new JsonObject().put("chat_id", a.channel).put("text", "x")));
    cases.put("reply to A's message", post(talkMessages, new JsonObject().put("chat_id", b.chat).put("text", "x")
        .put("parent_id", a.message)));
    cases.put("chat with A's agent", post(talkChats, new JsonObject().put("type", "group").put("participants",
        new JsonArray().add(new JsonObject().put("owner_type", "agent").put("owner_id", a.alice.id())))));
    cases.put("direct chat with A's agent", post(talkChats, new JsonObject().put("type", "direct").put("participants",
        new JsonArray().add(new JsonObject().put("owner_type", "agent").put("owner_id", a.alice.id())))));
    cases.put("A's agent added to B's chat", post(talkChats + "/" + b.chat + "/participants", new JsonObject()
        .put("owner_type", "agent").put("owner_id", a.alice.id())));
    cases.put("pin of A's message in B's chat", post(talkChats + "/" + b.chat + "/pins", new JsonObject()
        .put("message_id", a.message)));
    cases.put("older API: chat with A's agent", post("/v1.0/chats", new JsonObject().put("type", "group")
        .put("participant_ids", new JsonArray().add(a.alice.id()))));
    cases.put("older API: message into A's chat", post("/v1.0/chatmessages", new JsonObject().put("chat_id", a.chat)
        .put("type", "normal").put("text", "x")));
    List<String> violations = new ArrayList<>();
    for (Agent caller : List.of(b.admin, b.alice)) {
      cases.forEach((what, request) -> {
        RawHttp.Request r = request.header("Authorization", "Bearer " + caller.token());
        RawHttp.Reply reply = http.send(r, HttpContract.DEADLINE);
        String problem = notFoundProblem(reply, new HashSet<>(a.ids().values()));
        if (problem != null) {
          violations.add("- " + what + ": " + problem + ": " + reply + " for " + r);
        }
      });
    }
    assertThat(violations).as("answers to bodies naming another customer's ids other than a bare 404").isEmpty();
  }

  @Test
  void listsNeverShowAnotherCustomersData() {
    List<String> violations = new ArrayList<>();
    int lists = 0;
    for (PublicApi.Operation op : operations) {
      if (op.method() != HttpMethod.GET || !op.pathParams().isEmpty() || !op.secured()) {
        continue;
      }
      for (Agent caller : List.of(b.admin, b.alice, b.bob)) {
        List<String> query = new ArrayList<>();
        op.query().stream().filter(PublicApi.Param::required).forEach(p -> query.add(p.name() + "="
            + ("uuid".equals(p.format()) ? b.ids().get(PublicApi.idKind(op, p)) : "thumbsup")));
        RawHttp.Request request = RawHttp.Request.of(op.method(), op.path() + (query.isEmpty() ? "" : "?"
            + String.join("&", query))).header("Authorization", "Bearer " + caller.token());
        RawHttp.Reply reply = http.send(request, HttpContract.DEADLINE);
        lists++;
        HttpContract.check(request, reply);
        a.ids().forEach((kind, id) -> {
          if (reply.text().contains(id)) {
            violations.add("- A's " + kind + " " + id + " in " + reply + " for " + request);
          }
        });
      }
    }
    System.out.printf("tenant isolation: %d list requests by customer B scanned for customer A's ids%n", lists);
    assertThat(violations).as("another customer's data in lists").isEmpty();
  }

  /**
   * Search reads text, not ids: B searching the very words of A's message (its text names A's customer) finds B's
   * own message of the same words and never A's, whoever of B asks.
   */
  @Test
  void searchNeverFindsAnotherCustomersText() {
    String search = "/v1.0/service_agents/talk_search/messages?q=";
    for (Agent caller : List.of(b.admin, b.alice, b.bob)) {
      JsonObject common = Tenant.ok(mesh.api().get(search + encode("only for customer"), caller.token()));
      assertThat(common.getJsonArray("result").stream().map(m -> ((JsonObject) m).getString("id")))
          .as("B's own message of the same words, found by B's %s", caller.name()).contains(b.message);
      JsonObject exact = Tenant.ok(mesh.api().get(search + encode("only for customer " + a.customerId), caller.token()));
      assertThat(exact.getJsonArray("result")).as("A's message searched word for word by B's %s", caller.name())
          .isEmpty();
      a.ids().forEach((kind, id) -> assertThat(common.encode() + exact.encode()).as("A's %s in B's search", kind)
          .doesNotContain(id));
    }
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void webSocketTopicsOfAnotherCustomerOrAgentAreRefusedAndNothingLeaks() throws Exception {
    List<String> agentRefused = List.of("customer_id:" + a.customerId + ":chat",
        "customer_id:" + a.customerId + ":chat:" + a.chat, "agent_id:" + a.alice.id() + ":chat",
        "agent_id:" + a.alice.id() + ":chat:" + a.chat, "agent_id:" + b.bob.id() + ":chat",
        "agent_id:" + b.bob.id() + ":chat:" + b.chat, "agent_id:" + b.alice.id() + ":chat:" + a.chat,
        "agent_id:" + b.alice.id() + ":chat:" + a.channel, "customer_id:" + b.customerId + ":chat");
    List<String> adminRefused = List.of("customer_id:" + a.customerId + ":chat",
        "customer_id:" + a.customerId + ":chat:" + a.chat, "agent_id:" + a.admin.id() + ":chat",
        "agent_id:" + a.alice.id() + ":chat", "agent_id:" + b.alice.id() + ":chat",
        "agent_id:" + b.admin.id() + ":chat:" + a.chat);
    try (WsClient agent = WsClient.connect(mesh.client(), mesh.stack().wsPort(), b.alice.token());
         WsClient admin = WsClient.connect(mesh.client(), mesh.stack().wsPort(), b.admin.token())) {
      assertRefused(agent, agentRefused);
      assertRefused(admin, adminRefused);
      agent.subscribe("agent_id:" + b.alice.id() + ":chat");
      admin.subscribe("customer_id:" + b.customerId + ":chat");

      String leaked = Tenant.ok(mesh.api().post("/v1.0/service_agents/talk_messages", a.alice.token(), new JsonObject()
          .put("chat_id", a.chat).put("text", "for customer A only"))).getString("id");
      Tenant.ok(mesh.api().post("/v1.0/service_agents/talk_messages", a.alice.token(), new JsonObject()
          .put("chat_id", a.channel).put("text", "for customer A's channel only")));
      String marker = Tenant.ok(mesh.api().post("/v1.0/service_agents/talk_messages", b.bob.token(), new JsonObject()
          .put("chat_id", b.chat).put("text", "marker"))).getString("id");
      for (WsClient ws : List.of(agent, admin)) {
        ws.next(f -> "chatmessage_created".equals(f.getString("type"))
            && marker.equals(f.getJsonObject("data").getString("id")), Duration.ofSeconds(15));
        ws.assertNone("chatmessage_created", Duration.ofMillis(500));
        for (JsonObject frame : ws.seen()) {
          for (Map.Entry<String, String> id : a.ids().entrySet()) {
            if (!"error".equals(frame.getString("type"))) {
              assertThat(frame.encode()).as("A's %s (message %s) in a frame pushed to B", id.getKey(), leaked)
                  .doesNotContain(id.getValue());
            }
          }
        }
      }
    }
  }

  /** Subscribes to the topics at once and waits until each is refused with an error frame naming it. */
  private static void assertRefused(WsClient ws, List<String> topics) throws Exception {
    ws.send(new JsonObject().put("type", "subscribe").put("topics", new JsonArray(topics)).encode());
    Set<String> refused = new HashSet<>();
    List<String> accepted = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (refused.size() + accepted.size() < topics.size() && System.nanoTime() < deadline) {
      JsonObject frame = ws.next(f -> "error".equals(f.getString("type")) || "subscribed".equals(f.getString("type")),
          Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if ("error".equals(frame.getString("type"))) {
        assertThat(frame.getString("reason")).as("reason of %s", frame).isNotBlank();
        refused.add(frame.getString("topic"));
      } else {
        frame.getJsonArray("topics").forEach(t -> accepted.add((String) t));
      }
    }
    assertThat(accepted).as("topics of another customer or agent that were accepted").isEmpty();
    assertThat(refused).as("topics refused with an error frame naming them").containsExactlyInAnyOrderElementsOf(topics);
  }

  /** Null when the reply is a 404 with the error body that names none of the given ids but those it was asked. */
  private static String notFoundProblem(RawHttp.Reply reply, Set<String> asked) {
    if (reply.status() != 404) {
      return "status " + reply.status() + " instead of 404";
    }
    try {
      HttpContract.checkErrorBody("", reply);
    } catch (AssertionError e) {
      return "no error body";
    }
    for (String id : a.ids().values()) {
      if (!asked.contains(id) && reply.text().contains(id)) {
        return "A's id " + id + " in the answer";
      }
    }
    return null;
  }

  /**
   * B's request to the operation with A's id in one parameter: the other path parameters and required query
   * parameters are B's own ids of their kind, and the body is one B could send about its own things.
   */
  private static RawHttp.Request request(PublicApi.Operation op, PublicApi.Param foreign, Agent caller) {
    Map<String, String> path = new LinkedHashMap<>();
    for (PublicApi.Param p : op.pathParams()) {
      path.put(p.name(), (p == foreign ? a : b).ids().get(PublicApi.idKind(op, p)));
    }
    List<String> query = new ArrayList<>();
    for (PublicApi.Param p : op.query()) {
      if (p == foreign) {
        query.add(p.name() + "=" + a.ids().get(PublicApi.idKind(op, p)));
      } else if (p.required()) {
        query.add(p.name() + "=" + ("uuid".equals(p.format()) ? b.ids().get(PublicApi.idKind(op, p)) : "thumbsup"));
      }
    }
    RawHttp.Request r = RawHttp.Request.of(op.method(), op.uri(path) + (query.isEmpty() ? "" : "?"
        + String.join("&", query))).header("Authorization", "Bearer " + caller.token());
    if (!op.hasBody()) {
      return r;
    }
    JsonObject body = new JsonObject();
    Map<String, Object> plausible = Map.ofEntries(Map.entry("text", "isolation probe"), Map.entry("name", "probe"),
        Map.entry("detail", "probe"), Map.entry("emoji", "thumbsup"), Map.entry("owner_type", "agent"),
        Map.entry("owner_id", b.bob.id()), Map.entry("type", "normal"), Map.entry("participant_id", b.bob.id()),
        Map.entry("room_owner_id", b.bob.id()), Map.entry("agent_id", b.bob.id()),
        Map.entry("password", "isolation-probe-password"), Map.entry("permission", 16),
        Map.entry("message_id", b.message),
        // an agent's status, or a talk's state
        Map.entry("status", op.path().startsWith("/v1.0/talks") ? "active" : "away"));
    op.bodyFields().stream().filter(plausible::containsKey).forEach(f -> body.put(f, plausible.get(f)));
    return r.header("Content-Type", "application/json").body(body.encode());
  }

  private static RawHttp.Request post(String path, JsonObject body) {
    return RawHttp.Request.of(HttpMethod.POST, path).header("Content-Type", "application/json").body(body.encode());
  }
}
