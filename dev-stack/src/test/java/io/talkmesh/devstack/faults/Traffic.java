package io.talkmesh.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Steady load as agents make it: N agents in one group chat, each sending over HTTP in a closed loop (one request at
 * a time, a short pause between), each receiving over its own {@link ResumingReceiver}. Every request's outcome is
 * kept, so that afterwards the test can count by message id what was acknowledged, stored and pushed.
 */
final class Traffic implements AutoCloseable {
  /** How long a send may take before the test calls it a hang: far above any RPC timeout. */
  private static final int HTTP_TIMEOUT_MS = 20_000;

  /** One HTTP send as the client saw it; {@code status} 0 = no HTTP answer at all ({@code error} says why). */
  record Outcome(String agent, long startNanos, long endNanos, int status, String body, String messageId, String error) {
    long millis() {
      return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
    }

    @Override
    public String toString() {
      return agent + ": " + (status == 0 ? error : status + " " + body) + " after " + millis() + " ms";
    }
  }

  private final Vertx vertx;
  private final List<Integer> gatewayPorts;
  private final WebClient http;
  private final List<Agent> agents = new ArrayList<>();
  private final List<ResumingReceiver> receivers = new ArrayList<>();
  private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger sequence = new AtomicInteger();
  private String chatId;
  private volatile boolean sending;
  private CountDownLatch senders;
  private String padding = "";
  private long pauseMs = 25;

  private Traffic(Vertx vertx, List<Integer> gatewayPorts) {
    this.vertx = vertx;
    this.gatewayPorts = List.copyOf(gatewayPorts);
    this.http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(64));
  }

  /**
   * Creates {@code n} agents, connects agent i's receiver to push instance {@code i % wsPorts.size()} (then the
   * others, on reconnects), waits for every subscription, then creates their group chat.
   */
  static Traffic setUp(Vertx vertx, List<Integer> gatewayPorts, List<Integer> wsPorts, int n) throws Exception {
    Traffic traffic = new Traffic(vertx, gatewayPorts);
    try (HttpApi api = new HttpApi(vertx, gatewayPorts.get(0))) {
      String admin = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
      String run = Long.toHexString(System.nanoTime());
      for (int i = 0; i < n; i++) {
        traffic.agents.add(Agent.create(api, admin, "agent" + i));
      }
      for (int i = 0; i < n; i++) {
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < wsPorts.size(); k++) {
          order.add(wsPorts.get((i + k) % wsPorts.size()));
        }
        Agent agent = traffic.agents.get(i);
        traffic.receivers.add(new ResumingReceiver(vertx, agent.name(), agent.token(),
            "agent_id:" + agent.id() + ":chat", order).start());
      }
      Waits.until(() -> traffic.receivers.stream().allMatch(ResumingReceiver::isSubscribed), Duration.ofSeconds(20),
          "every receiver subscribed");
      JsonArray participants = new JsonArray();
      traffic.agents.subList(1, n).forEach(a -> participants.add(new JsonObject().put("owner_type", "agent")
          .put("owner_id", a.id())));
      HttpApi.Reply chat = api.post("/v1.0/service_agents/talk_chats", traffic.agents.get(0).token(), new JsonObject()
          .put("type", "group").put("name", "faults " + run).put("participants", participants));
      assertThat(chat.status()).as("create chat: %s", chat).isEqualTo(200);
      traffic.chatId = chat.json().getString("id");
    }
    return traffic;
  }

  /** Message text padded to about {@code bytes} (the slow-reader test wants big frames). */
  Traffic textSize(int bytes) {
    this.padding = "x".repeat(Math.max(0, bytes));
    return this;
  }

  /** Pause between one agent's sends. */
  Traffic pause(long millis) {
    this.pauseMs = millis;
    return this;
  }

  String chatId() {
    return chatId;
  }

  List<Agent> agents() {
    return agents;
  }

  List<ResumingReceiver> receivers() {
    return receivers;
  }

  /** Waits up to 30 s until at least {@code total} sends are acknowledged; fails naming {@code what}. */
  void awaitAcknowledged(long total, String what) throws InterruptedException {
    Waits.until(() -> acknowledgedCount() >= total, Duration.ofSeconds(30), what);
  }

  /** Every agent starts its send loop. */
  void startSending() {
    sending = true;
    senders = new CountDownLatch(agents.size());
    for (int i = 0; i < agents.size(); i++) {
      Agent agent = agents.get(i);
      int gateway = i;
      vertx.runOnContext(v -> sendLoop(agent, gateway));
    }
  }

  /** Stops the loops and waits for the requests in flight to finish. */
  void stopSending() throws InterruptedException {
    sending = false;
    assertThat(senders.await(HTTP_TIMEOUT_MS + 5000, TimeUnit.MILLISECONDS)).as("senders finished").isTrue();
  }

  private void sendLoop(Agent agent, int gateway) {
    if (!sending) {
      senders.countDown();
      return;
    }
    int port = gatewayPorts.get(gateway % gatewayPorts.size());
    long start = System.nanoTime();
    JsonObject body = new JsonObject().put("chat_id", chatId).put("type", "normal")
        .put("text", "t=" + start + " " + agent.name() + "#" + sequence.incrementAndGet() + " " + padding);
    http.post(port, "127.0.0.1", "/v1.0/service_agents/talk_messages").bearerTokenAuthentication(agent.token())
        .timeout(HTTP_TIMEOUT_MS).sendJsonObject(body)
        .onComplete(ar -> {
          long end = System.nanoTime();
          if (ar.succeeded()) {
            HttpResponse<Buffer> response = ar.result();
            String raw = response.bodyAsString();
            String id = null;
            if (response.statusCode() == 200) {
              id = new JsonObject(raw).getString("id");
            }
            outcomes.add(new Outcome(agent.name(), start, end, response.statusCode(), raw, id, null));
          } else {
            outcomes.add(new Outcome(agent.name(), start, end, 0, null, null, ar.cause().toString()));
          }
          vertx.setTimer(pauseMs, id -> sendLoop(agent, gateway + 1));
        });
  }

  List<Outcome> outcomes() {
    synchronized (outcomes) {
      return List.copyOf(outcomes);
    }
  }

  /** Ids of the messages answered 200. */
  Set<String> acknowledged() {
    return outcomes().stream().filter(o -> o.status() == 200).map(Outcome::messageId).collect(Collectors.toSet());
  }

  long acknowledgedCount() {
    return outcomes().stream().filter(o -> o.status() == 200).count();
  }

  @Override
  public void close() {
    sending = false;
    receivers.forEach(ResumingReceiver::close);
    http.close();
  }
}
