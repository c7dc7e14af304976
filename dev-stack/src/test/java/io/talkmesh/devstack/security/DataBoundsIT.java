package io.talkmesh.devstack.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventPage;
import io.talkmesh.common.event.LoggedEvent;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.amqp.Amqp;
import io.talkmesh.common.rpc.RpcClient;
import io.talkmesh.common.rpc.RpcRequest;
import io.talkmesh.common.rpc.RpcResponse;
import io.talkmesh.common.rpc.RpcServer;
import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.system.WsClient;
import io.talkmesh.devstack.testing.Agent;
import io.talkmesh.devstack.testing.Mesh;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11's data findings, replayed as the red-team probe did against the real mesh (HTTP and WebSocket through
 * the gateway and push-service, talk-manager's RPC over the real broker): oversized writes (3), pages and replies
 * that broke the broker connections (3), reaction amplification and byte-bounded resume (9), deleted messages'
 * text (11), a direct chat's membership (12), and managers resuming private chats' event logs (6).
 */
class DataBoundsIT {
  private static final String MESSAGES = "/v1.0/service_agents/talk_messages";
  private static final String CHATS = "/v1.0/service_agents/talk_chats";
  /** A list page's JSON stops at 1 MiB of items; the envelope adds little. */
  private static final int PAGE_BYTES = 1024 * 1024 + 4096;

  @RegisterExtension
  static final Mesh mesh = Mesh.withDefaults();
  private static TalkManagerClient talk;

  @BeforeAll
  static void start() throws Exception {
    AmqpConfig amqp = new AmqpConfig(mesh.stack().env().get("TALK_AMQP_URI"), mesh.stack().env().get("TALK_AMQP_PREFIX"));
    RpcClient rpc = new RpcClient(mesh.client(), amqp.uri(), "data-bounds-it", amqp.requestQueue(), 10_000);
    rpc.start().await(30, TimeUnit.SECONDS);
    mesh.own(() -> rpc.stop().await(10, TimeUnit.SECONDS));
    talk = new TalkManagerClient(rpc, "data-bounds-it");
  }

  // ---- finding 3: every stored field is bounded ----

  @Test
  void theProbesNearMegabyteMessagesAreRefusedNamingTheField() {
    Agent mallory = agent("mallory");
    String chat = group(mallory);
    JsonArray medias = new JsonArray();
    for (int i = 0; i < 20; i++) {
      medias.add(new JsonObject().put("type", "link").put("link_url", "https://example.com/" + "a".repeat(49_000)));
    }
    JsonObject probe = new JsonObject().put("chat_id", chat).put("type", "normal").put("text", "x").put("medias", medias);
    assertThat(probe.toBuffer().length()).as("the probe's body").isBetween(975_000, 1_048_576);
    for (int i = 0; i < 100; i++) {
      refused(mesh.api().post(MESSAGES, mallory.token(), probe), 400, "FIELD_TOO_LONG", "medias[0].link_url");
    }
    refused(mesh.api().post("/v1.0/chatmessages", mallory.token(), probe), 400, "FIELD_TOO_LONG", "medias[0].link_url");
    assertThat(Tenant.ok(mesh.api().get(MESSAGES + "?chat_id=" + chat, mallory.token())).getJsonArray("result"))
        .as("nothing stored by the refused writes").isEmpty();
  }

  @Test
  void everyStoredFieldOfAMessageOrChatHasADocumentedBound() {
    Agent alice = agent("alice");
    String chat = group(alice);
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 21; i++) {
      tooMany.add(new JsonObject().put("type", "file").put("file_id", UUID.randomUUID().toString()));
    }
    refused(send(alice, chat, "x", tooMany), 400, "TOO_MANY_MEDIAS", "20");
    refused(send(alice, chat, "x", new JsonArray().add(new JsonObject().put("type", "link")
        .put("name", "n".repeat(2000)).put("link_url", "u".repeat(2000)).put("detail", "d".repeat(2000)))), 400,
        "MEDIA_TOO_LARGE", "medias[0]");
    JsonObject deep = new JsonObject().put("type", "address");
    JsonObject at = deep;
    for (int i = 0; i < 6; i++) {
      JsonObject inner = new JsonObject();
      at.put("address", inner);
      at = inner;
    }
    refused(send(alice, chat, "x", new JsonArray().add(deep)), 400, "MEDIA_TOO_DEEP", "medias[0]");
    refused(send(alice, chat, "中".repeat(65_536), new JsonArray()), 400, "MESSAGE_TOO_LARGE", "131072");
    refused(send(alice, chat, "x".repeat(65_537), new JsonArray()), 400, "FIELD_TOO_LONG", "text");
    refused(send(alice, chat, "x".repeat(65_536), medias(20, 3_900)), 400, "MESSAGE_TOO_LARGE", "131072");

    JsonObject biggest = Tenant.ok(send(alice, chat, "x".repeat(65_536), medias(20, 2_000)));
    assertThat(biggest.getJsonArray("medias")).as("the largest message allowed is stored whole").hasSize(20);
    JsonObject withMedias = Tenant.ok(send(alice, chat, "short", medias(20, 3_900)));
    refused(mesh.api().put(MESSAGES + "/" + withMedias.getString("id"), alice.token(), new JsonObject()
        .put("text", "x".repeat(65_000))), 400, "MESSAGE_TOO_LARGE", "131072");

    refused(mesh.api().post(CHATS, alice.token(), new JsonObject().put("type", "group").put("name", "n".repeat(256))), 400,
        "FIELD_TOO_LONG", "name");
    refused(mesh.api().post(CHATS, alice.token(), new JsonObject().put("type", "group").put("detail", "d".repeat(4097))), 400,
        "FIELD_TOO_LONG", "detail");
    refused(mesh.api().put(CHATS + "/" + chat, alice.token(), new JsonObject().put("name", "n".repeat(256))), 400,
        "FIELD_TOO_LONG", "name");
    refused(mesh.api().post("/v1.0/chats", alice.token(), new JsonObject().put("type", "group").put("name", "n".repeat(256))),
        400, "FIELD_TOO_LONG", "name");
    refused(mesh.api().post("/v1.0/chatmessages", alice.token(), new JsonObject().put("chat_id", chat).put("type", "normal")
        .put("text", "x").put("medias", tooMany)), 400, "TOO_MANY_MEDIAS", "20");
  }

  // ---- finding 3: pages and replies bounded in bytes, nobody's connection broken ----

  @Test
  void aPageOfTheLargestMessagesNeverBreaksAnyonesRequests() throws Exception {
    Agent mallory = agent("mallory");
    Agent bob = agent("bob");
    String chat = group(mallory);
    String bobsChat = group(bob);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      sent.add(Tenant.ok(send(mallory, chat, i + "x".repeat(65_530), medias(20, 2_000))).getString("id"));
    }
    Collections.reverse(sent);

    // Bob works all along, as the probe's other user did: every answer must be his, never a 504.
    AtomicBoolean paging = new AtomicBoolean(true);
    List<String> bobsFailures = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Integer> bobsCalls = CompletableFuture.supplyAsync(() -> {
      int calls = 0;
      try (HttpApi bobApi = new HttpApi(mesh.client(), mesh.stack().httpPort())) {
        while (paging.get() || calls < 10) {
          HttpApi.Reply reply = calls % 2 == 0 ? bobApi.post(MESSAGES, bob.token(), new JsonObject()
              .put("chat_id", bobsChat).put("text", "still here " + calls))
              : bobApi.get(MESSAGES + "?chat_id=" + bobsChat + "&page_size=10", bob.token());
          calls++;
          if (reply.status() != 200) {
            bobsFailures.add(reply.toString());
          }
        }
      }
      return calls;
    });

    List<String> paged = new ArrayList<>();
    int pages = 0;
    String token = "";
    try {
      do {
        HttpApi.Reply reply = mesh.api().get(MESSAGES + "?chat_id=" + chat + "&page_size=100&page_token=" + token,
            mallory.token());
        JsonObject page = Tenant.ok(reply);
        assertThat(reply.raw().length()).as("bytes of page %d", pages).isLessThanOrEqualTo(PAGE_BYTES);
        page.getJsonArray("result").forEach(m -> paged.add(((JsonObject) m).getString("id")));
        token = page.getString("next_page_token");
        pages++;
      } while (!token.isEmpty() && pages < 50);
      HttpApi.Reply older = mesh.api().get("/v1.0/chatmessages?chat_id=" + chat + "&page_size=100", mallory.token());
      assertThat(Tenant.ok(older).getJsonArray("result")).as("the older API's page").isNotEmpty();
      assertThat(older.raw().length()).as("bytes of the older API's page").isLessThanOrEqualTo(PAGE_BYTES + 100 * 200);
      HttpApi.Reply mine = mesh.api().get(MESSAGES + "?page_size=100", mallory.token());
      assertThat(mine.raw().length()).as("bytes of a page of all my chats").isLessThanOrEqualTo(PAGE_BYTES);
      assertThat(mine.status()).as("a page of all my chats: %s", mine).isEqualTo(200);
    } finally {
      paging.set(false);
    }
    int calls = bobsCalls.get(60, TimeUnit.SECONDS);
    System.out.printf("data bounds: 100 messages of ~107 KB paged in %d pages; bob made %d calls meanwhile%n", pages,
        calls);
    assertThat(pages).as("pages of 100 messages of ~107 KB under a 1 MiB budget").isGreaterThan(1);
    assertThat(paged).as("every message once, newest first, none skipped").containsExactlyElementsOf(sent);
    assertThat(bobsFailures).as("another user's requests while the big pages were served").isEmpty();
  }

  @Test
  void aReplyOverTheConfiguredLimitIsAnsweredNotPublished() throws Exception {
    Stack small = Stack.fresh();
    small.env().put("TALK_RPC_MAX_REPLY_BYTES", "65536");
    small.startTalkManager().startGateway();
    try (HttpApi smallApi = new HttpApi(mesh.client(), small.httpPort())) {
      String admin = smallApi.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
      String chat = Tenant.ok(smallApi.post(CHATS, admin, new JsonObject().put("type", "group").put("name", "big")))
          .getString("id");
      for (int i = 0; i < 10; i++) {
        Tenant.ok(smallApi.post(MESSAGES, admin, new JsonObject().put("chat_id", chat).put("text", "x".repeat(10_000))));
      }
      HttpApi.Reply tooLarge = smallApi.get(MESSAGES + "?chat_id=" + chat + "&page_size=100", admin);
      refused(tooLarge, 500, "RESPONSE_TOO_LARGE", "65536");
      HttpApi.Reply after = smallApi.get(MESSAGES + "?chat_id=" + chat + "&page_size=3", admin);
      assertThat(Tenant.ok(after).getJsonArray("result")).as("the next request on the same connections: %s", after)
          .hasSize(3);
    } finally {
      small.close();
    }
  }

  // ---- finding 3: a request that fails the same way on every delivery stops being redelivered ----

  @Test
  void aRequestThatKeepsBreakingTheChannelIsDeadLetteredAndAnswered() throws Exception {
    String uri = mesh.stack().env().get("TALK_AMQP_URI");
    String queue = mesh.stack().env().get("TALK_AMQP_PREFIX") + "poison-it.request";
    RabbitMQClient serverClient = Amqp.client(mesh.client(), uri, "poison-it-server");
    AtomicInteger poisonDeliveries = new AtomicInteger();
    MeterRegistry meters = new SimpleMeterRegistry();
    RpcServer server = new RpcServer(serverClient, queue, 4, request -> {
      if (request.uri().equals("/poison")) {
        poisonDeliveries.incrementAndGet();
        // What the probe's oversized reply did: the channel dies before the request is acked. Acking an unknown
        // delivery tag makes the broker close the channel; the client reconnects and the broker redelivers.
        serverClient.basicAck(Long.MAX_VALUE, false);
        return Promise.<RpcResponse>promise().future();
      }
      return Future.succeededFuture(RpcResponse.ok(new JsonObject().put("served", request.uri())));
    }).metrics(meters);
    server.start().await(30, TimeUnit.SECONDS);
    RpcClient caller = new RpcClient(mesh.client(), uri, "poison-it-client", queue, 30_000);
    caller.start().await(30, TimeUnit.SECONDS);
    RabbitMQClient inspector = Amqp.client(mesh.client(), uri, "poison-it-inspector");
    inspector.start().await(30, TimeUnit.SECONDS);
    try {
      RpcResponse poisoned = caller.call(RpcRequest.of("GET", "/poison", null, null, "poison-it", "poison-1"))
          .await(40, TimeUnit.SECONDS);
      assertThat(poisoned.statusCode() + " " + ((JsonObject) poisoned.data()).getString("reason"))
          .as("the caller's answer: %s", poisoned.data()).isEqualTo("500 REQUEST_DEAD_LETTERED");
      assertThat(poisonDeliveries.get()).as("deliveries handled before the request was set aside")
          .isEqualTo(1 + RpcServer.DEFAULT_MAX_REDELIVERIES);
      RabbitMQMessage dead = inspector.basicGet(server.deadQueue(), true).await(10, TimeUnit.SECONDS);
      assertThat(dead).as("the request in %s", server.deadQueue()).isNotNull();
      assertThat(new JsonObject(dead.body()).getString("request_id")).isEqualTo("poison-1");
      assertThat(String.valueOf(dead.properties().getHeaders().get("x-talk-dead-reason"))).contains("redelivered");
      assertThat(meters.counter("talk.rpc.dead.lettered").count()).as("talk_rpc_dead_lettered_total").isEqualTo(1.0);
      RpcResponse next = caller.call(RpcRequest.of("GET", "/ok", null, null, "poison-it", "ok-1"))
          .await(20, TimeUnit.SECONDS);
      assertThat(next.statusCode()).as("the next request: %s", next.data()).isEqualTo(200);
      assertThat(poisonDeliveries.get()).as("the poison request is not delivered again")
          .isEqualTo(1 + RpcServer.DEFAULT_MAX_REDELIVERIES);
    } finally {
      caller.stop().await(10, TimeUnit.SECONDS);
      server.stop().await(10, TimeUnit.SECONDS);
      inspector.queueDelete(server.deadQueue()).<Void>mapEmpty().recover(e -> Future.succeededFuture())
          .compose(v -> inspector.queueDelete(queue)).<Void>mapEmpty().recover(e -> Future.succeededFuture())
          .await(10, TimeUnit.SECONDS);
      inspector.stop().await(10, TimeUnit.SECONDS);
    }
  }

  // ---- finding 9: reactions bounded, the event log paged in bytes, any chat resumable ----

  @Test
  void reactionsPerMessageAreCapped() {
    Agent alice = agent("alice");
    List<Agent> others = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      others.add(agent("reactor" + i));
    }
    String chat = group(alice, others.toArray(Agent[]::new));
    String message = Tenant.ok(send(alice, chat, "react to me", new JsonArray())).getString("id");
    String reactions = MESSAGES + "/" + message + "/reactions";
    for (int e = 0; e < 50; e++) {
      Tenant.ok(mesh.api().post(reactions, alice.token(), new JsonObject().put("emoji", "e" + e)));
    }
    refused(mesh.api().post(reactions, alice.token(), new JsonObject().put("emoji", "one-more")), 409, "TOO_MANY_EMOJI", "50");
    Tenant.ok(mesh.api().post(reactions, alice.token(), new JsonObject().put("emoji", "e0")));
    for (Agent other : others.subList(0, 9)) {
      for (int e = 0; e < 50; e++) {
        Tenant.ok(mesh.api().post(reactions, other.token(), new JsonObject().put("emoji", "e" + e)));
      }
    }
    JsonObject full = Tenant.ok(mesh.api().get(MESSAGES + "/" + message, alice.token()));
    assertThat(full.getJsonObject("metadata").getJsonArray("reactions")).hasSize(500);
    refused(mesh.api().post(reactions, others.get(9).token(), new JsonObject().put("emoji", "e1")), 409, "TOO_MANY_REACTIONS",
        "500");
    Tenant.ok(mesh.api().delete(reactions + "?emoji=e1", others.get(0).token()));
    Tenant.ok(mesh.api().post(reactions, others.get(9).token(), new JsonObject().put("emoji", "e1")));
  }

  @Test
  void theEventLogOfTheLargestMessagesWithReactionsIsPagedInBytesWithHasMore() throws Exception {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    String chat = group(alice, bob);
    long head = fillWithLargestMessagesAndReactions(alice, bob, chat, 20, 5);
    Actor actor = actor(alice);
    awaitLogHead(actor, chat, head);
    List<Long> seqs = new ArrayList<>();
    long after = 0;
    int pages = 0;
    boolean more = true;
    while (more && pages < 200) {
      EventPage page = talk.eventsAfter(actor, UUID.fromString(chat), after, 1000).await(15, TimeUnit.SECONDS);
      assertThat(page.toJson().toBuffer().length()).as("bytes of event page %d", pages)
          .isLessThanOrEqualTo(1024 * 1024 + 4096);
      page.events().forEach(e -> seqs.add(e.seq()));
      assertThat(page.hasMore()).as("has_more of page %d", pages).isInstanceOf(Boolean.class);
      more = page.hasMore();
      after = seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
      pages++;
    }
    System.out.printf("data bounds: %d events of the largest messages with reactions in %d event-log pages%n",
        seqs.size(), pages);
    assertThat(pages).as("pages of %d events of ~108 KB", head).isGreaterThan(1);
    assertThat(seqs).as("every seq of the chat once, in order").containsExactlyElementsOf(range(1, head));
  }

  @Test
  void aChatOfTheLargestMessagesWithManyReactionsIsResumedFromZeroCompletely() throws Exception {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    String chat = group(alice, bob);
    long head = fillWithLargestMessagesAndReactions(alice, bob, chat, 20, 5);
    awaitLogHead(actor(bob), chat, head);
    try (WsClient ws = WsClient.connect(mesh.client(), mesh.stack().wsPort(), bob.token())) {
      ws.subscribeResuming(Map.of(chat, 0L), "agent_id:" + bob.id() + ":chat");
      JsonObject end = ws.next(f -> Set.of("resumed", "reset").contains(f.getString("type"))
          && chat.equals(f.getString("chat_id")), Duration.ofSeconds(90));
      List<Long> seqs = ws.seen().stream().filter(f -> f.containsKey("seq") && f.getValue("data") instanceof JsonObject)
          .map(f -> f.getLong("seq")).toList();
      assertThat(end.getString("type") + " " + end.getLong("seq")).as("the end of the resume: %s", end)
          .isEqualTo("resumed " + head);
      assertThat(seqs).as("every event of the chat once, in order").containsExactlyElementsOf(range(1, head));
    }
  }

  // ---- finding 11: a deleted message keeps no content on any read path ----

  @Test
  void aDeletedMessagesTextIsGoneFromEveryReadPath() throws Exception {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    String chat = group(alice, bob);
    String secret = "secret-" + UUID.randomUUID();
    String root = Tenant.ok(send(alice, chat, "root", new JsonArray())).getString("id");
    JsonObject message = Tenant.ok(mesh.api().post(MESSAGES, alice.token(), new JsonObject().put("chat_id", chat)
        .put("parent_id", root).put("text", secret + " first").put("medias", new JsonArray().add(new JsonObject()
            .put("type", "link").put("link_url", "https://example.com/" + secret)))));
    String id = message.getString("id");
    Tenant.ok(mesh.api().put(MESSAGES + "/" + id, alice.token(), new JsonObject().put("text", secret + " edited")));
    Tenant.ok(mesh.api().post(MESSAGES + "/" + id + "/reactions", bob.token(), new JsonObject().put("emoji", "thumbsup")));
    JsonObject deleted = Tenant.ok(mesh.api().delete(MESSAGES + "/" + id, alice.token()));
    assertThat(deleted.getString("tm_delete")).as("the delete's answer").isNotEmpty();
    assertThat(deleted.encode()).as("the delete's answer").doesNotContain(secret);

    String bobsRoom = Tenant.ok(mesh.api().get("/v1.0/chatrooms", bob.token())).getJsonArray("result").stream()
        .map(o -> (JsonObject) o).filter(r -> chat.equals(r.getString("chat_id"))).findFirst().orElseThrow()
        .getString("id");
    Map<String, String> reads = new java.util.LinkedHashMap<>();
    reads.put("GET by id", MESSAGES + "/" + id);
    reads.put("list", MESSAGES + "?chat_id=" + chat);
    reads.put("list of all my chats", MESSAGES);
    reads.put("thread", MESSAGES + "/" + root + "/thread");
    reads.put("older API list", "/v1.0/chatmessages?chat_id=" + chat);
    reads.put("older API by id", "/v1.0/chatmessages/" + id);
    reads.put("older API chatroom messages", "/v1.0/chatroommessages?chatroom_id=" + bobsRoom);
    List<String> leaks = new ArrayList<>();
    reads.forEach((what, path) -> {
      HttpApi.Reply reply = mesh.api().get(path, bob.token());
      assertThat(reply.status()).as("%s: %s", what, reply).isEqualTo(200);
      if (!reply.raw().contains(id)) {
        leaks.add(what + " does not show the deleted message at all: " + reply);
      }
      if (reply.raw().contains(secret)) {
        leaks.add(what + " shows the deleted text: " + reply);
      }
    });
    try (WsClient ws = WsClient.connect(mesh.client(), mesh.stack().wsPort(), bob.token())) {
      ws.subscribeResuming(Map.of(chat, 0L), "agent_id:" + bob.id() + ":chat");
      ws.next(f -> "resumed".equals(f.getString("type")) && chat.equals(f.getString("chat_id")), Duration.ofSeconds(20));
      ws.seen().stream().filter(f -> f.encode().contains(secret))
          .forEach(f -> leaks.add("a resume from 0 replays the deleted text: " + f.encode()));
      assertThat(ws.seen().stream().filter(f -> "chatmessage_deleted".equals(f.getString("type"))).count())
          .as("the resume's chatmessage_deleted: %s", ws.seen()).isEqualTo(1);
    }
    assertThat(leaks).as("read paths showing a deleted message's text").isEmpty();
  }

  // ---- finding 12: a direct chat belongs to its two agents ----

  @Test
  void aDirectChatsOtherPartyCannotBeSwappedForAThirdAgent() {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    Agent carol = agent("carol");
    String direct = Tenant.ok(mesh.api().post(CHATS, alice.token(), new JsonObject().put("type", "direct")
        .put("participants", new JsonArray().add(new JsonObject().put("owner_type", "agent").put("owner_id", bob.id())))))
        .getString("id");
    Tenant.ok(send(alice, direct, "just between us", new JsonArray()));
    JsonArray members = (JsonArray) mesh.api().get(CHATS + "/" + direct + "/participants", alice.token()).body();
    String bobs = members.stream().map(o -> (JsonObject) o).filter(p -> bob.id().equals(p.getString("owner_id")))
        .findFirst().orElseThrow().getString("id");
    String alices = members.stream().map(o -> (JsonObject) o).filter(p -> alice.id().equals(p.getString("owner_id")))
        .findFirst().orElseThrow().getString("id");
    refused(mesh.api().post(CHATS + "/" + direct + "/participants", alice.token(), new JsonObject().put("owner_type", "agent")
        .put("owner_id", carol.id())), 409, "DIRECT_CHAT_FULL", "two");
    // The probe's attack: remove the other party, then add a third agent, who would read the whole 1:1 history.
    Tenant.ok(mesh.api().delete(CHATS + "/" + direct + "/participants/" + bobs, alice.token()));
    refused(mesh.api().post(CHATS + "/" + direct + "/participants", alice.token(), new JsonObject().put("owner_type", "agent")
        .put("owner_id", carol.id())), 409, "DIRECT_CHAT_FIXED", "two agents");
    refused(mesh.api().get(MESSAGES + "?chat_id=" + direct, carol.token()), 403, "NOT_PARTICIPANT", direct);
    // The two may leave and come back; whoever stays cannot bring in anyone else either.
    Tenant.ok(mesh.api().post(CHATS + "/" + direct + "/participants", alice.token(), new JsonObject().put("owner_type", "agent")
        .put("owner_id", bob.id())));
    Tenant.ok(mesh.api().delete(CHATS + "/" + direct + "/participants/" + alices, alice.token()));
    refused(mesh.api().post(CHATS + "/" + direct + "/participants", bob.token(), new JsonObject().put("owner_type", "agent")
        .put("owner_id", carol.id())), 409, "DIRECT_CHAT_FIXED", "two agents");
    Tenant.ok(mesh.api().post(CHATS + "/" + direct + "/participants", bob.token(), new JsonObject().put("owner_type", "agent")
        .put("owner_id", alice.id())));
    refused(mesh.api().get(MESSAGES + "?chat_id=" + direct, carol.token()), 403, "NOT_PARTICIPANT", direct);

    // The tutorial's way stays: a direct chat created alone takes exactly one more agent.
    String later = Tenant.ok(mesh.api().post(CHATS, alice.token(), new JsonObject().put("type", "direct"))).getString("id");
    Tenant.ok(mesh.api().post(CHATS + "/" + later + "/participants", alice.token(), new JsonObject().put("owner_type", "agent")
        .put("owner_id", carol.id())));
    refused(mesh.api().post(CHATS + "/" + later + "/participants", carol.token(), new JsonObject().put("owner_type", "agent")
        .put("owner_id", bob.id())), 409, "DIRECT_CHAT_FULL", "two");
  }

  // ---- finding 6 (server side): the event log follows the REST reader rule for managers too ----

  @Test
  void aManagerCannotReadAPrivateChatsEventLogHeIsNotIn() throws Exception {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    String direct = Tenant.ok(mesh.api().post(CHATS, alice.token(), new JsonObject().put("type", "direct")
        .put("participants", new JsonArray().add(new JsonObject().put("owner_type", "agent").put("owner_id", bob.id())))))
        .getString("id");
    String secret = "dm-" + UUID.randomUUID();
    Tenant.ok(send(alice, direct, secret, new JsonArray()));
    refused(mesh.api().get(MESSAGES + "?chat_id=" + direct, mesh.adminToken()), 403, "NOT_PARTICIPANT", direct);
    io.talkmesh.common.model.Agent admin = talk.login(Stack.ADMIN, Stack.ADMIN_PASSWORD).await(10, TimeUnit.SECONDS);
    Actor manager = Actor.agent(admin.customerId(), admin.id(), admin.permission());
    assertThat(manager.isManager()).as("the admin acts as a manager").isTrue();
    try {
      EventPage page = talk.eventsAfter(manager, UUID.fromString(direct), 0, 1000).await(10, TimeUnit.SECONDS);
      throw new AssertionError("expected 403 NOT_PARTICIPANT, got the event log " + page.toJson().encode());
    } catch (TalkException e) {
      assertThat(e.reason()).as("the refusal: %s", e.getMessage()).isEqualTo("NOT_PARTICIPANT");
    }
    try (WsClient ws = WsClient.connect(mesh.client(), mesh.stack().wsPort(), mesh.adminToken())) {
      ws.subscribeResuming(Map.of(direct, 0L), "customer_id:" + admin.customerId() + ":chat");
      JsonObject end = ws.next(f -> direct.equals(f.getString("chat_id"))
          && Set.of("reset", "resumed").contains(f.getString("type")), Duration.ofSeconds(15));
      assertThat(end.getString("type") + " " + end.getString("reason")).as("the resume's end: %s", end)
          .isEqualTo("reset NOT_PARTICIPANT");
      assertThat(ws.seen().stream().map(JsonObject::encode).filter(f -> f.contains(secret)).toList())
          .as("frames with the DM's text").isEmpty();
    }
  }

  // ---- helpers ----

  private static Agent agent(String name) {
    return Agent.create(mesh.api(), mesh.adminToken(), name);
  }

  private static String group(Agent owner, Agent... others) {
    JsonArray participants = new JsonArray();
    for (Agent other : others) {
      participants.add(new JsonObject().put("owner_type", "agent").put("owner_id", other.id()));
    }
    return Tenant.ok(mesh.api().post(CHATS, owner.token(), new JsonObject().put("type", "group").put("name", "bounds")
        .put("participants", participants))).getString("id");
  }

  private static HttpApi.Reply send(Agent from, String chat, String text, JsonArray medias) {
    return mesh.api().post(MESSAGES, from.token(), new JsonObject().put("chat_id", chat).put("type", "normal").put("text", text)
        .put("medias", medias));
  }

  /** {@code count} link medias of about {@code chars} characters each: a URL of up to 2,000, the rest a name. */
  private static JsonArray medias(int count, int chars) {
    JsonArray medias = new JsonArray();
    for (int i = 0; i < count; i++) {
      String prefix = "https://example.com/" + i + "/";
      int url = Math.min(chars, 2000);
      JsonObject media = new JsonObject().put("type", "link").put("link_url", prefix + "u".repeat(url - prefix.length()));
      if (chars > url) {
        media.put("name", "n".repeat(chars - url));
      }
      medias.add(media);
    }
    return medias;
  }

  /**
   * Messages of ~107 KB (the largest allowed) and {@code reactions} reactions on each, alternating agents, in a new
   * group of the two; returns the chat's last seq (2 participants added and chat_created come first).
   */
  private static long fillWithLargestMessagesAndReactions(Agent alice, Agent bob, String chat, int count,
                                                          int reactions) {
    for (int i = 0; i < count; i++) {
      String id = Tenant.ok(send(alice, chat, i + "x".repeat(65_530), medias(20, 2_000))).getString("id");
      for (int r = 0; r < reactions; r++) {
        Agent who = r % 2 == 0 ? alice : bob;
        Tenant.ok(mesh.api().post(MESSAGES + "/" + id + "/reactions", who.token(), new JsonObject().put("emoji", "r" + r)));
      }
    }
    return 3 + (long) count * (1 + reactions);
  }

  private static Actor actor(Agent agent) throws Exception {
    io.talkmesh.common.model.Agent a = talk.login(agent.username(), agent.password()).await(10, TimeUnit.SECONDS);
    return Actor.agent(a.customerId(), a.id(), a.permission());
  }

  /** Waits (30 s at most) until the chat's event log reaches {@code head}. */
  private static void awaitLogHead(Actor actor, String chat, long head) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long last = 0;
    while (System.nanoTime() < deadline) {
      List<LoggedEvent> events = talk.eventsAfter(actor, UUID.fromString(chat), Math.max(0, head - 1), 10)
          .await(15, TimeUnit.SECONDS).events();
      last = events.isEmpty() ? last : events.get(events.size() - 1).seq();
      if (last >= head) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the event log of chat " + chat + " did not reach seq " + head + " within 30 s (got " + last + ")");
  }

  private static List<Long> range(long from, long to) {
    List<Long> all = new ArrayList<>();
    for (long s = from; s <= to; s++) {
      all.add(s);
    }
    return all;
  }

  /** Asserts the status and the error's reason, and that its message names what was refused. */
  private static void refused(HttpApi.Reply reply, int status, String reason, String named) {
    JsonObject error = reply.body() instanceof JsonObject body ? body.getJsonObject("error") : null;
    String got = reply.status() + " " + (error == null ? reply.raw() : error.getString("reason") + ": "
        + error.getString("message"));
    String shown = got.length() > 500 ? got.substring(0, 500) + "…" : got;
    assertThat(error).as("expected %d %s naming '%s', got %s", status, reason, named, shown).isNotNull();
    assertThat(reply.status() + " " + error.getString("reason")).as("expected %d %s, got %s", status, reason, shown)
        .isEqualTo(status + " " + reason);
    assertThat(error.getString("message")).as("the message of %s", shown).contains(named);
  }
}
