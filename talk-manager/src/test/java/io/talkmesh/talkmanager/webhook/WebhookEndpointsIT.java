package io.talkmesh.talkmanager.webhook;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.ActiveWebhooks;
import io.talkmesh.common.webhook.WebhookSignature;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Webhook endpoints through the RPC routes: who manages them, what they hold, what webhook-service reads. */
class WebhookEndpointsIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();
  private static final String BASE = "/v1/webhook_endpoints";

  @Test
  void adminCreatesListsGetsUpdatesAndDeletesAnEndpoint() {
    Actor admin = rpc.newCustomerAdmin();
    JsonObject created = rpc.ok(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/talk")
        .put("event_types", new JsonArray().add("chatmessage_created").add("chat_created"))
        .put("description", "CRM"));
    String id = created.getString("id");
    assertThat(created.getString("customer_id")).isEqualTo(admin.customerId().toString());
    assertThat(created.getString("url")).isEqualTo("https://hooks.example.com/talk");
    assertThat(created.getJsonArray("event_types")).containsExactly("chatmessage_created", "chat_created");
    assertThat(created.getString("description")).isEqualTo("CRM");
    assertThat(created.getBoolean("enabled")).as("enabled by default").isTrue();
    assertThat(created.getString("secret")).startsWith(WebhookSignature.SECRET_PREFIX);
    assertThat(created.getString("tm_delete")).isEmpty();

    JsonObject got = rpc.ok(admin, "GET", BASE + "/" + id);
    assertThat(got.containsKey("secret")).as("the secret is shown only on create and rotation: %s", got).isFalse();
    assertThat(got.getString("url")).isEqualTo(created.getString("url"));
    JsonObject page = rpc.ok(admin, "GET", BASE + "?page_size=10");
    assertThat(TalkRpc.ids(page)).containsExactly(id);
    assertThat(page.getJsonArray("result").getJsonObject(0).containsKey("secret")).isFalse();

    JsonObject updated = rpc.ok(admin, "PUT", BASE + "/" + id, new JsonObject()
        .put("url", "https://hooks.example.com/v2").put("enabled", false).put("event_types", new JsonArray()));
    assertThat(updated.getString("url")).isEqualTo("https://hooks.example.com/v2");
    assertThat(updated.getBoolean("enabled")).isFalse();
    assertThat(updated.getJsonArray("event_types")).as("empty: every type").isEmpty();
    assertThat(updated.getString("description")).as("an absent field is left as it is").isEqualTo("CRM");
    assertThat(updated.containsKey("secret")).isFalse();

    JsonObject deleted = rpc.ok(admin, "DELETE", BASE + "/" + id);
    assertThat(deleted.getString("tm_delete")).isNotEmpty();
    assertThat(deleted.containsKey("secret")).isFalse();
    assertRefused(rpc.get(admin, BASE + "/" + id), Status.NOT_FOUND, "WEBHOOK_ENDPOINT_NOT_FOUND");
    assertRefused(rpc.call(admin, "PUT", BASE + "/" + id, new JsonObject().put("enabled", true)), Status.NOT_FOUND,
        "WEBHOOK_ENDPOINT_NOT_FOUND");
    assertRefused(rpc.call(admin, "DELETE", BASE + "/" + id, null), Status.NOT_FOUND, "WEBHOOK_ENDPOINT_NOT_FOUND");
    assertThat(TalkRpc.ids(rpc.ok(admin, "GET", BASE))).isEmpty();
  }

  @Test
  void rotationAnswersANewSecretOnceAndTheLookupSignsWithIt() {
    Actor admin = rpc.newCustomerAdmin();
    JsonObject created = rpc.ok(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/a"));
    String id = created.getString("id");
    JsonObject rotated = rpc.ok(admin, "POST", BASE + "/" + id + "/secret");
    assertThat(rotated.getString("secret")).startsWith(WebhookSignature.SECRET_PREFIX)
        .isNotEqualTo(created.getString("secret"));
    assertThat(rpc.ok(admin, "GET", BASE + "/" + id).containsKey("secret")).isFalse();
    ActiveWebhooks active = active(admin);
    assertThat(active.endpoints()).hasSize(1);
    assertThat(active.endpoints().get(0).secret()).isEqualTo(rotated.getString("secret"));
  }

  @Test
  void anotherCustomersEndpointIsNotFoundToItsAdminsAndAgentsAlike() {
    Actor owner = rpc.newCustomerAdmin();
    String id = rpc.ok(owner, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/mine"))
        .getString("id");
    Actor stranger = rpc.newCustomerAdmin();
    assertRefused(rpc.get(stranger, BASE + "/" + id), Status.NOT_FOUND, "WEBHOOK_ENDPOINT_NOT_FOUND");
    assertRefused(rpc.call(stranger, "PUT", BASE + "/" + id, new JsonObject().put("enabled", false)),
        Status.NOT_FOUND, "WEBHOOK_ENDPOINT_NOT_FOUND");
    assertRefused(rpc.call(stranger, "POST", BASE + "/" + id + "/secret", null), Status.NOT_FOUND,
        "WEBHOOK_ENDPOINT_NOT_FOUND");
    assertRefused(rpc.call(stranger, "DELETE", BASE + "/" + id, null), Status.NOT_FOUND, "WEBHOOK_ENDPOINT_NOT_FOUND");
    assertThat(TalkRpc.ids(rpc.ok(stranger, "GET", BASE))).isEmpty();
    Actor strangersAgent = rpc.newAgent(stranger);
    for (String method : List.of("GET", "PUT", "DELETE")) {
      assertRefused(rpc.call(strangersAgent, method, BASE + "/" + id, method.equals("PUT")
          ? new JsonObject().put("enabled", false) : null), Status.NOT_FOUND, "WEBHOOK_ENDPOINT_NOT_FOUND");
    }
    assertThat(rpc.ok(owner, "GET", BASE + "/" + id).getBoolean("enabled")).as("untouched").isTrue();
  }

  @ParameterizedTest(name = "{0} {1} by an ordinary agent: 403")
  @CsvSource({"GET, ''", "POST, ''", "GET, /ID", "PUT, /ID", "DELETE, /ID", "POST, /ID/secret"})
  void ordinaryAgentsGet403(String method, String suffix) {
    String id = rpc.ok(rpc.admin(), "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/x"))
        .getString("id");
    JsonObject body = method.equals("GET") || method.equals("DELETE") ? null
        : new JsonObject().put("url", "https://hooks.example.com/agent");
    assertRefused(rpc.call(rpc.alice(), method, BASE + suffix.replace("ID", id), body), Status.PERMISSION_DENIED,
        "ADMIN_REQUIRED");
    rpc.ok(rpc.admin(), "DELETE", BASE + "/" + id);
  }

  @ParameterizedTest(name = "url {0}: 400 {1}")
  @CsvSource({"http://127.0.0.1:9000/hook, WEBHOOK_TARGET_REFUSED", "https://10.0.0.5/hook, WEBHOOK_TARGET_REFUSED",
      "http://169.254.169.254/latest, WEBHOOK_TARGET_REFUSED", "http://localhost/hook, WEBHOOK_TARGET_REFUSED",
      "ftp://hooks.example.com/x, INVALID_WEBHOOK_URL", "https://user:pw@hooks.example.com/, INVALID_WEBHOOK_URL",
      "not a url, INVALID_WEBHOOK_URL"})
  void aRefusedUrlIsA400OnCreateAndUpdate(String url, String reason) {
    Actor admin = rpc.newCustomerAdmin();
    assertRefused(rpc.call(admin, "POST", BASE, new JsonObject().put("url", url)), Status.INVALID_ARGUMENT, reason);
    assertThat(TalkRpc.ids(rpc.ok(admin, "GET", BASE))).as("nothing made").isEmpty();
    String id = rpc.ok(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/ok"))
        .getString("id");
    assertRefused(rpc.call(admin, "PUT", BASE + "/" + id, new JsonObject().put("url", url)), Status.INVALID_ARGUMENT,
        reason);
    assertThat(rpc.ok(admin, "GET", BASE + "/" + id).getString("url")).isEqualTo("https://hooks.example.com/ok");
  }

  @Test
  void badFieldsAreA400NamingThem() {
    Actor admin = rpc.newCustomerAdmin();
    assertRefused(rpc.call(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/x")
        .put("event_types", new JsonArray().add("message_created"))), Status.INVALID_ARGUMENT, "INVALID_EVENT_TYPE");
    assertRefused(rpc.call(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/x")
        .put("event_types", new JsonArray().add(7))), Status.INVALID_ARGUMENT, "INVALID_FIELD");
    assertRefused(rpc.call(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/x")
        .put("description", "d".repeat(256))), Status.INVALID_ARGUMENT, "FIELD_TOO_LONG");
    assertRefused(rpc.call(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/x")
        .put("enabled", "yes")), Status.INVALID_ARGUMENT, "INVALID_FIELD");
    assertRefused(rpc.call(admin, "POST", BASE, new JsonObject()), Status.INVALID_ARGUMENT, "MISSING_FIELD");
    assertThat(TalkRpc.ids(rpc.ok(admin, "GET", BASE))).isEmpty();
  }

  @Test
  void theTwentyFirstEndpointIsRefusedAndADeletedOneFreesItsPlace() {
    Actor admin = rpc.newCustomerAdmin();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < WebhookService.MAX_ENDPOINTS; i++) {
      ids.add(rpc.ok(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/" + i))
          .getString("id"));
    }
    assertRefused(rpc.call(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/21")),
        Status.INVALID_ARGUMENT, "TOO_MANY_WEBHOOK_ENDPOINTS");
    JsonObject first = rpc.ok(admin, "GET", BASE + "?page_size=15");
    assertThat(first.getJsonArray("result")).hasSize(15);
    JsonObject second = rpc.ok(admin, "GET", BASE + "?page_size=15&page_token=" + first.getString("next_page_token"));
    List<String> paged = new ArrayList<>(TalkRpc.ids(first));
    paged.addAll(TalkRpc.ids(second));
    List<String> newestFirst = new ArrayList<>(ids);
    java.util.Collections.reverse(newestFirst);
    assertThat(paged).as("newest first, every endpoint once").containsExactlyElementsOf(newestFirst);
    rpc.ok(admin, "DELETE", BASE + "/" + ids.get(0));
    rpc.ok(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/again"));
  }

  @Test
  void activeLookupHasOnlyEnabledLiveEndpointsAndTheCustomersWebhook() {
    Actor admin = rpc.newCustomerAdmin();
    assertThat(active(admin).endpoints()).isEmpty();
    assertThat(active(admin).customerWebhook()).as("no webhook_uri: null").isNull();
    String wanted = rpc.ok(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/on")
        .put("event_types", new JsonArray().add("chatmessage_created"))).getString("id");
    String all = rpc.ok(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/all"))
        .getString("id");
    rpc.ok(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/off").put("enabled", false));
    String gone = rpc.ok(admin, "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/gone"))
        .getString("id");
    rpc.ok(admin, "DELETE", BASE + "/" + gone);
    rpc.ok(admin, "PUT", "/v1/customer", new JsonObject().put("webhook_method", "PUT")
        .put("webhook_uri", "https://crm.example.com/talk"));
    rpc.ok(rpc.newCustomerAdmin(), "POST", BASE, new JsonObject().put("url", "https://hooks.example.com/other"));

    ActiveWebhooks active = active(admin);
    assertThat(active.customerId()).isEqualTo(admin.customerId());
    assertThat(active.endpoints()).extracting(e -> e.id().toString()).containsExactlyInAnyOrder(wanted, all);
    ActiveWebhooks.Endpoint on = active.endpoints().stream().filter(e -> e.id().toString().equals(wanted))
        .findFirst().orElseThrow();
    assertThat(on.eventTypes()).isEqualTo(Set.of("chatmessage_created"));
    assertThat(on.url()).isEqualTo("https://hooks.example.com/on");
    assertThat(on.secret()).startsWith(WebhookSignature.SECRET_PREFIX);
    assertThat(on.wants("chat_created")).isFalse();
    assertThat(active.endpoints().stream().filter(e -> e.id().toString().equals(all)).findFirst().orElseThrow()
        .wants("chat_created")).as("no event types: every type").isTrue();
    assertThat(active.customerWebhook()).isEqualTo(new ActiveWebhooks.CustomerWebhook("PUT",
        "https://crm.example.com/talk"));
  }

  @Test
  void activeLookupRefusesABadCustomerId() {
    assertRefused(rpc.call(null, "GET", BASE + "/active?customer_id=nope", null), Status.INVALID_ARGUMENT, "INVALID_ID");
  }

  @Test
  void deliveriesOfLiveEndpointsAreLoggedAndReadNewestFirstByTheAdmins() {
    Actor admin = rpc.newCustomerAdmin();
    String live = endpoint(admin, "https://hooks.example.com/log");
    String gone = endpoint(admin, "https://hooks.example.com/gone");
    rpc.ok(admin, "DELETE", BASE + "/" + gone);
    String event = UUID.randomUUID().toString();
    String chat = UUID.randomUUID().toString();
    JsonArray report = new JsonArray()
        .add(attempt(live, event, "failed").put("chat_id", chat).put("seq", 7).put("status_code", 503)
            .put("error", "HTTP 503").put("next_retry_at", "2026-01-17T10:30:05Z"))
        .add(attempt(live, event, "failed").put("attempt", 2).put("error", "connection refused"))
        .add(attempt(live, event, "delivered").put("attempt", 3).put("status_code", 200))
        .add(attempt(gone, event, "delivered"))
        .add(attempt(UUID.randomUUID().toString(), event, "delivered"));
    assertThat(rpc.ok(null, "POST", "/v1/webhook_deliveries", new JsonObject().put("deliveries", report))
        .getInteger("recorded")).as("a deleted or unknown endpoint's attempts are dropped").isEqualTo(3);

    JsonObject first = rpc.ok(admin, "GET", BASE + "/" + live + "/deliveries?page_size=2");
    JsonObject second = rpc.ok(admin, "GET", BASE + "/" + live + "/deliveries?page_size=2&page_token="
        + first.getString("next_page_token"));
    List<JsonObject> log = new ArrayList<>();
    first.getJsonArray("result").forEach(o -> log.add((JsonObject) o));
    second.getJsonArray("result").forEach(o -> log.add((JsonObject) o));
    assertThat(log).extracting(d -> d.getInteger("attempt")).as("newest first").containsExactly(3, 2, 1);
    JsonObject oldest = log.get(2);
    assertThat(oldest.getString("endpoint_id")).isEqualTo(live);
    assertThat(oldest.getString("event_id")).isEqualTo(event);
    assertThat(oldest.getString("event_type")).isEqualTo("chatmessage_created");
    assertThat(oldest.getString("chat_id")).isEqualTo(chat);
    assertThat(oldest.getLong("seq")).isEqualTo(7);
    assertThat(oldest.getString("outcome")).isEqualTo("failed");
    assertThat(oldest.getInteger("status_code")).isEqualTo(503);
    assertThat(oldest.getString("error")).isEqualTo("HTTP 503");
    assertThat(oldest.getLong("latency_ms")).isEqualTo(42);
    assertThat(oldest.getString("next_retry_at")).isEqualTo("2026-01-17 10:30:05.000000");
    JsonObject refused = log.get(1);
    assertThat(refused.getString("chat_id")).as("absent: \"\"").isEmpty();
    assertThat(refused.getInteger("status_code")).as("no response: 0").isZero();
    assertThat(refused.getString("next_retry_at")).isEmpty();

    assertRefused(rpc.get(rpc.newCustomerAdmin(), BASE + "/" + live + "/deliveries"), Status.NOT_FOUND,
        "WEBHOOK_ENDPOINT_NOT_FOUND");
    assertRefused(rpc.get(rpc.newAgent(admin), BASE + "/" + live + "/deliveries"), Status.PERMISSION_DENIED,
        "ADMIN_REQUIRED");
    assertRefused(rpc.get(admin, BASE + "/" + gone + "/deliveries"), Status.NOT_FOUND, "WEBHOOK_ENDPOINT_NOT_FOUND");
  }

  @Test
  void aBadDeliveryReportStoresNothing() {
    Actor admin = rpc.newCustomerAdmin();
    String live = endpoint(admin, "https://hooks.example.com/strict");
    String event = UUID.randomUUID().toString();
    assertRefused(rpc.call(null, "POST", "/v1/webhook_deliveries", new JsonObject().put("deliveries", new JsonArray()
        .add(attempt(live, event, "delivered")).add(attempt(live, event, "lost")))), Status.INVALID_ARGUMENT,
        "INVALID_OUTCOME");
    assertRefused(rpc.call(null, "POST", "/v1/webhook_deliveries", new JsonObject().put("deliveries", new JsonArray()
        .add(attempt(live, event, "failed").put("error", "e".repeat(501))))), Status.INVALID_ARGUMENT, "FIELD_TOO_LONG");
    assertRefused(rpc.call(null, "POST", "/v1/webhook_deliveries", new JsonObject().put("deliveries", new JsonArray()
        .add(attempt(live, event, "failed").put("next_retry_at", "tomorrow")))), Status.INVALID_ARGUMENT, "INVALID_FIELD");
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i <= 500; i++) {
      tooMany.add(attempt(live, event, "delivered"));
    }
    assertRefused(rpc.call(null, "POST", "/v1/webhook_deliveries", new JsonObject().put("deliveries", tooMany)),
        Status.INVALID_ARGUMENT, "TOO_MANY_DELIVERIES");
    assertThat(rpc.ok(admin, "GET", BASE + "/" + live + "/deliveries").getJsonArray("result")).isEmpty();
  }

  @Test
  void deliveryLogRowsOlderThan30DaysArePurged() {
    Actor admin = rpc.newCustomerAdmin();
    String live = endpoint(admin, "https://hooks.example.com/old");
    rpc.ok(null, "POST", "/v1/webhook_deliveries", new JsonObject().put("deliveries", new JsonArray()
        .add(attempt(live, UUID.randomUUID().toString(), "delivered").put("attempt", 1))
        .add(attempt(live, UUID.randomUUID().toString(), "delivered").put("attempt", 2))));
    rpc.rows("UPDATE talk_webhook_deliveries SET tm_create = now() - interval '31 days'"
        + " WHERE endpoint_id = $1 AND attempt = 1", UUID.fromString(live));
    TalkRpc.awaitAll(new io.talkmesh.talkmanager.retention.Retention(72, 24).purge(rpc.pool()));
    assertThat(rpc.ok(admin, "GET", BASE + "/" + live + "/deliveries").getJsonArray("result"))
        .extracting(d -> ((JsonObject) d).getInteger("attempt")).containsExactly(2);
  }

  @Test
  void anEventIsParkedOnceAndItsReplayIsAnEventOfTheEndpointsOwnStream() {
    Actor admin = rpc.newCustomerAdmin();
    String live = endpoint(admin, "https://hooks.example.com/dead");
    String event = UUID.randomUUID().toString();
    JsonObject payload = new JsonObject().put("type", "chatmessage_created").put("id", event)
        .put("data", new JsonObject().put("text", "hello"));
    JsonObject park = new JsonObject().put("endpoint_id", live).put("event_id", event).put("event", payload)
        .put("reason", "HTTP 503 for 24 h").put("attempts", 17);
    JsonObject parked = rpc.ok(null, "POST", "/v1/webhook_parked", park);
    assertThat(parked.getJsonObject("event")).isEqualTo(payload);
    assertThat(parked.getInteger("attempts")).isEqualTo(17);
    assertThat(parked.getString("tm_replay")).isEmpty();
    JsonObject again = rpc.ok(null, "POST", "/v1/webhook_parked", park.copy().put("reason", "again").put("attempts", 18));
    assertThat(again).as("a second park is a no-op").isEqualTo(parked);
    String other = rpc.ok(null, "POST", "/v1/webhook_parked", park.copy().put("event_id", UUID.randomUUID().toString()))
        .getString("id");
    assertThat(TalkRpc.ids(rpc.ok(admin, "GET", BASE + "/" + live + "/parked"))).containsExactly(other,
        parked.getString("id"));

    String replayUri = BASE + "/" + live + "/parked/" + parked.getString("id") + "/replay";
    assertRefused(rpc.call(rpc.newAgent(admin), "POST", replayUri, null), Status.PERMISSION_DENIED, "ADMIN_REQUIRED");
    Actor stranger = rpc.newCustomerAdmin();
    String strangersEndpoint = endpoint(stranger, "https://hooks.example.com/stranger");
    assertRefused(rpc.call(rpc.newAgent(stranger), "POST", BASE + "/" + strangersEndpoint + "/parked/"
        + parked.getString("id") + "/replay", null), Status.NOT_FOUND, "WEBHOOK_ENDPOINT_NOT_FOUND");
    assertRefused(rpc.call(rpc.newCustomerAdmin(), "POST", replayUri, null), Status.NOT_FOUND,
        "WEBHOOK_ENDPOINT_NOT_FOUND");
    assertRefused(rpc.call(admin, "POST", BASE + "/" + live + "/parked/" + UUID.randomUUID() + "/replay", null),
        Status.NOT_FOUND, "PARKED_EVENT_NOT_FOUND");
    assertThat(replayEvents(live)).as("refused replays append nothing").isEmpty();

    JsonObject replayed = rpc.ok(admin, "POST", replayUri);
    assertThat(replayed.getString("tm_replay")).isNotEmpty();
    rpc.ok(admin, "POST", replayUri);
    List<io.vertx.sqlclient.Row> events = replayEvents(live);
    assertThat(events).extracting(r -> r.getLong("seq")).as("numbered in the endpoint's stream").containsExactly(1L, 2L);
    io.vertx.sqlclient.Row first = events.get(0);
    assertThat(first.getUUID("customer_id")).isEqualTo(admin.customerId());
    assertThat(first.getJsonObject("data")).isEqualTo(new JsonObject().put("endpoint_id", live)
        .put("parked_id", parked.getString("id")).put("event", payload));
    assertThat(io.talkmesh.common.event.Event.routingKey(admin.customerId(), UUID.fromString(live),
        io.talkmesh.common.event.EventType.WEBHOOK_REPLAY_REQUESTED))
        .isEqualTo(admin.customerId() + "." + live + ".webhook_replay_requested");
    assertRefused(rpc.get(admin, "/v1/chats/" + live + "/events?after_seq=0"), Status.NOT_FOUND, "CHAT_NOT_FOUND");

    rpc.ok(admin, "DELETE", BASE + "/" + live);
    assertRefused(rpc.call(null, "POST", "/v1/webhook_parked", park.copy().put("event_id", UUID.randomUUID().toString())),
        Status.NOT_FOUND, "WEBHOOK_ENDPOINT_NOT_FOUND");
    assertRefused(rpc.get(admin, BASE + "/" + live + "/parked"), Status.NOT_FOUND, "WEBHOOK_ENDPOINT_NOT_FOUND");
  }

  private static List<io.vertx.sqlclient.Row> replayEvents(String endpoint) {
    return rpc.rows("SELECT customer_id, seq, data FROM talk_events WHERE chat_id = $1 AND type = $2 ORDER BY seq",
        UUID.fromString(endpoint), io.talkmesh.common.event.EventType.WEBHOOK_REPLAY_REQUESTED.wire());
  }

  private static String endpoint(Actor admin, String url) {
    return rpc.ok(admin, "POST", BASE, new JsonObject().put("url", url)).getString("id");
  }

  private static JsonObject attempt(String endpoint, String event, String outcome) {
    return new JsonObject().put("endpoint_id", endpoint).put("event_id", event).put("event_type", "chatmessage_created")
        .put("attempt", 1).put("outcome", outcome).put("latency_ms", 42);
  }

  private static ActiveWebhooks active(Actor admin) {
    return ActiveWebhooks.fromJson(rpc.ok(null, "GET", BASE + "/active?customer_id=" + admin.customerId()));
  }
}
