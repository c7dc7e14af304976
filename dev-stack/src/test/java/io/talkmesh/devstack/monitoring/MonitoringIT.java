package io.talkmesh.devstack.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.system.HttpApi;
import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.system.WsClient;
import io.talkmesh.devstack.testing.Agent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dashboard ({@code deploy/grafana/talk-mesh.json}) and the alert rules ({@code deploy/prometheus/alerts.yml})
 * read only metrics the services expose: a mesh started on the services' own metrics-enabled Vert.x serves a login,
 * a chat, a send and a WebSocket delivery, then every service's {@code /metrics} is scraped and every metric name of
 * every panel and rule must be among them. Also every talk-mesh family ({@code talk_…}) is on the dashboard or in a
 * rule, so a new meter is not left unwatched. The scrapes are kept in {@code target/monitoring/}.
 */
class MonitoringIT {
  private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..").normalize();
  /** Series Prometheus makes itself for every target, not the services. */
  private static final Set<String> FROM_PROMETHEUS = Set.of("up");
  private static final String TALK = "/v1.0/service_agents";

  @Test
  void everyMetricTheDashboardAndTheAlertsReadIsExposedByTheMesh() throws Exception {
    Map<String, String> scrapes = new LinkedHashMap<>();
    Vertx client = Vertx.vertx();
    try (Stack stack = Stack.fresh().withServiceMetrics().startTalkManager().startGateway().startPush()
        .startWebhook();
         HttpApi api = new HttpApi(client, stack.httpPort())) {
      traffic(client, api, stack);
      // jvm_gc_pause_seconds has samples only once a collection happened after the services started: make one
      System.gc();
      Thread.sleep(200);
      WebClient web = WebClient.create(client);
      Map<String, Integer> ports = Map.of("talk-manager", stack.talkManagerPort(),
          "api-gateway", stack.gatewayManagementPort(), "push-service", stack.pushManagementPort(),
          "webhook-service", stack.webhookPorts().get(0));
      for (String service : List.of("talk-manager", "api-gateway", "push-service", "webhook-service")) {
        var response = web.get(ports.get(service), "127.0.0.1", "/metrics").send().await(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as("%s /metrics", service).isEqualTo(200);
        scrapes.put(service, response.bodyAsString());
      }
      web.close();
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
    Path kept = ROOT.resolve("dev-stack/target/monitoring");
    Files.createDirectories(kept);
    Exposition exposed = new Exposition();
    scrapes.forEach((service, text) -> {
      write(kept.resolve(service + ".prom"), text);
      // each service runs on a Vert.x with its metrics on, or the Vert.x and JVM families would be missing here
      assertThat(new Exposition().add(text).samples()).as("%s exposes JVM metrics", service).contains("jvm_memory_used_bytes");
      exposed.add(text);
    });

    List<Monitoring.Expression> expressions = new ArrayList<>();
    List<Monitoring.Expression> panels = Monitoring.dashboard(new JsonObject(
        Files.readString(ROOT.resolve("deploy/grafana/talk-mesh.json"))));
    List<Monitoring.Expression> rules = Monitoring.rules(Files.readString(ROOT.resolve("deploy/prometheus/alerts.yml")));
    assertThat(panels).as("dashboard targets").hasSizeGreaterThan(20);
    assertThat(rules).as("alert rules").hasSizeGreaterThan(5);
    expressions.addAll(panels);
    expressions.addAll(rules);

    assertThat(Monitoring.missing(expressions, exposed, FROM_PROMETHEUS))
        .as("metrics used by the dashboard or the alerts but exposed by no service (scrapes in %s)", kept)
        .isEmpty();
    assertThat(Monitoring.unused(expressions, exposed, "talk_"))
        .as("talk-mesh metrics on no dashboard panel and in no rule").isEmpty();
  }

  /** A login, two agents, a chat, a send; the other agent's WebSocket sees the chat and the message. */
  private static void traffic(Vertx client, HttpApi api, Stack stack) throws Exception {
    String admin = api.login(Stack.ADMIN, Stack.ADMIN_PASSWORD);
    Agent alice = Agent.create(api, admin, "alice");
    Agent bob = Agent.create(api, admin, "bob");
    try (WsClient bobs = WsClient.connect(client, stack.wsPort(), bob.token()).subscribe("agent_id:" + bob.id() + ":chat")) {
      HttpApi.Reply chat = api.post(TALK + "/talk_chats", alice.token(), new JsonObject().put("type", "group")
          .put("name", "monitoring").put("participants", new JsonArray()
              .add(new JsonObject().put("owner_type", "agent").put("owner_id", bob.id()))));
      assertThat(chat.status()).as("create chat: %s", chat).isEqualTo(200);
      bobs.next("chat_created");
      HttpApi.Reply sent = api.post(TALK + "/talk_messages", alice.token(), new JsonObject()
          .put("chat_id", chat.json().getString("id")).put("text", "watched"));
      assertThat(sent.status()).as("send: %s", sent).isEqualTo(200);
      bobs.next("chatmessage_created");
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
