package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.talkmesh.common.tracing.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One message sent through the real mesh (gateway, talk-manager and push-service, each its own Vert.x with its own
 * OpenTelemetry SDK, all exporting to one in-memory exporter) is one trace: the gateway's HTTP span continues the
 * client's traceparent, and every other hop is the child of the hop before it, across the broker and the outbox.
 */
class TracingIT {
  private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("talk.event.type");
  private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static Stack stack;
  private static Vertx client;
  private static HttpApi api;

  @BeforeAll
  static void start() throws Exception {
    stack = Stack.fresh().tracing(service -> Tracing.exportingTo(SPANS, service))
        .startTalkManager().startGateway().startPush();
    client = Vertx.vertx();
    api = new HttpApi(client, stack.httpPort());
  }

  @AfterAll
  static void stop() throws Exception {
    if (api != null) {
      api.close();
      client.close().await(10, TimeUnit.SECONDS);
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void oneMessageSendIsOneConnectedTraceAcrossTheThreeServices() throws Exception {
    String admin = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
    JsonObject alice = agent(admin, "alice");
    JsonObject bob = agent(admin, "bob");
    String aliceToken = api.login(alice.getString("username"), "alice-password");
    String bobToken = api.login(bob.getString("username"), "bob-password");
    try (WsClient bobWs = WsClient.connect(client, stack.wsPort(), bobToken)) {
      bobWs.subscribe("agent_id:" + bob.getString("id") + ":chat");
      HttpApi.Reply chat = api.post("/v1.0/service_agents/talk_chats", aliceToken, new JsonObject()
          .put("type", "group").put("name", "traced").put("detail", "")
          .put("participants", new JsonArray().add(new JsonObject().put("owner_type", "agent")
              .put("owner_id", bob.getString("id")))));
      assertThat(chat.status()).as("create chat: %s", chat).isEqualTo(200);
      bobWs.next("chat_created");

      String traceId = hex(16);
      String callerSpanId = hex(8);
      HttpApi.Reply sent = api.post("/v1.0/service_agents/talk_messages", aliceToken, new JsonObject()
              .put("chat_id", chat.json().getString("id")).put("type", "normal").put("text", "traced hello"),
          Map.of("traceparent", "00-" + traceId + "-" + callerSpanId + "-01"));
      assertThat(sent.status()).as("send: %s", sent).isEqualTo(200);
      assertThat(bobWs.next("chatmessage_created").getJsonObject("data").getString("id"))
          .isEqualTo(sent.json().getString("id"));

      // push-service ends its delivery span right after queueing the frame bob just read; the relay ends its publish
      // span when the broker's confirm arrives, which may be later
      List<SpanData> trace = awaitTrace(traceId, spans -> spans.stream().anyMatch(s -> s.getKind() == SpanKind.CONSUMER)
          && spans.stream().anyMatch(s -> s.getKind() == SpanKind.PRODUCER));
      String shown = describe(trace);
      System.out.println("the send's trace (service, kind, name, span <- parent):\n" + shown);

      SpanData http = only(trace, "api-gateway", SpanKind.SERVER, s -> true, shown);
      assertThat(http.getName()).as("the HTTP span is named by its route%n%s", shown).isEqualTo("POST /v1.0/service_agents/talk_messages");
      assertThat(http.getParentSpanId()).as("the gateway continues the client's traceparent%n%s", shown)
          .isEqualTo(callerSpanId);
      // the gateway may also ask talk-manager for the agent's access state: the send is the messages RPC
      Predicate<SpanData> sendRpc = s -> s.getName().equals("POST /v1/messages");
      SpanData rpcCall = only(trace, "api-gateway", SpanKind.CLIENT, sendRpc, shown);
      assertThat(rpcCall.getParentSpanId()).as("RPC call under the HTTP request%n%s", shown)
          .isEqualTo(http.getSpanId());
      SpanData rpcHandling = only(trace, "talk-manager", SpanKind.SERVER, sendRpc, shown);
      assertThat(rpcHandling.getParentSpanId()).as("talk-manager's handling under the gateway's call%n%s", shown)
          .isEqualTo(rpcCall.getSpanId());
      List<SpanData> sql = of(trace, "talk-manager", SpanKind.CLIENT, s -> "postgresql".equals(s.getAttributes()
          .get(DB_SYSTEM)));
      assertThat(sql).as("SQL spans under the send's handling%n%s", shown)
          .anySatisfy(q -> assertThat(q.getParentSpanId()).isEqualTo(rpcHandling.getSpanId()));
      Set<String> handlings = ids(of(trace, "talk-manager", SpanKind.SERVER, s -> true));
      assertThat(sql).as("every SQL span under an RPC's handling%n%s", shown)
          .allSatisfy(q -> assertThat(handlings).contains(q.getParentSpanId()));
      SpanData publish = only(trace, "talk-manager", SpanKind.PRODUCER,
          s -> "chatmessage_created".equals(s.getAttributes().get(EVENT_TYPE)), shown);
      assertThat(publish.getParentSpanId()).as("the relay's publish continues the stored traceparent%n%s", shown)
          .isEqualTo(rpcHandling.getSpanId());
      List<SpanData> deliveries = of(trace, "push-service", SpanKind.CONSUMER, s -> true);
      assertThat(deliveries).as("push delivery under the relay's publish%n%s", shown)
          .anySatisfy(d -> assertThat(d.getParentSpanId()).isEqualTo(publish.getSpanId()));
      Set<String> publishes = ids(of(trace, "talk-manager", SpanKind.PRODUCER, s -> true));
      assertThat(deliveries).as("every push delivery under a publish%n%s", shown)
          .allSatisfy(d -> assertThat(publishes).contains(d.getParentSpanId()));

      Set<String> ids = ids(trace);
      assertThat(trace).as("one connected trace: every span's parent is in it, but the client's%n%s", shown)
          .allSatisfy(s -> assertThat(s == http || ids.contains(s.getParentSpanId())).isTrue());
    }
  }

  private static JsonObject agent(String adminToken, String name) {
    String username = name + "-" + Long.toHexString(System.nanoTime());
    HttpApi.Reply reply = api.post("/v1.0/agents", adminToken, new JsonObject().put("username", username)
        .put("password", name + "-password").put("name", name).put("detail", ""));
    assertThat(reply.status()).as("create agent: %s", reply).isEqualTo(200);
    return reply.json();
  }

  /** The spans of the trace once they are {@code complete}, or what arrived within 10 s (the assertions tell). */
  private static List<SpanData> awaitTrace(String traceId, Predicate<List<SpanData>> complete)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      List<SpanData> trace = SPANS.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
          .toList();
      if (complete.test(trace) || System.nanoTime() > deadline) {
        return trace;
      }
      Thread.sleep(20);
    }
  }

  private static List<SpanData> of(List<SpanData> trace, String service, SpanKind kind, Predicate<SpanData> also) {
    return trace.stream().filter(s -> service.equals(s.getResource().getAttribute(SERVICE)) && s.getKind() == kind)
        .filter(also).toList();
  }

  private static SpanData only(List<SpanData> trace, String service, SpanKind kind, Predicate<SpanData> also,
                               String shown) {
    List<SpanData> found = of(trace, service, kind, also);
    assertThat(found).as("exactly one %s span of %s in%n%s", kind, service, shown).hasSize(1);
    return found.get(0);
  }

  /** The trace as lines: service, kind, name, span id, parent id (printed when an assertion fails). */
  private static String describe(List<SpanData> trace) {
    return trace.stream().map(s -> String.format("  %-12s %-8s %-45s %s <- %s", s.getResource().getAttribute(SERVICE),
        s.getKind(), s.getName(), s.getSpanId(), s.getParentSpanId())).collect(Collectors.joining("\n"));
  }

  private static Set<String> ids(List<SpanData> spans) {
    return spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
