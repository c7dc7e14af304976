package io.talkmesh.talkmanager.customer;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Customer;
import io.talkmesh.talkmanager.TalkRpc;
import io.talkmesh.testinfra.Names;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may manage customers, what a customer holds, and what the platform operator may not do, through the RPC routes. */
class CustomerRulesIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();
  private static final String PASSWORD = "a-long-enough-password";

  @Test
  void operatorCreatesListsGetsUpdatesAndDeletesCustomers() {
    Actor op = rpc.operator();
    JsonObject created = rpc.ok(op, "POST", "/v1/customers", customer("Acme"));
    String id = created.getString("id");
    assertThat(created.getString("email")).isEqualTo("admin@acme.test");
    assertThat(created.getString("webhook_method")).isEqualTo("POST");
    assertThat(created.getString("status")).isEqualTo("active");
    assertThat(created.getString("tm_delete")).isEmpty();
    assertThat(TalkRpc.ids(rpc.ok(op, "GET", "/v1/customers?page_size=100"))).contains(id, Customer.PLATFORM_ID.toString());
    assertThat(rpc.ok(op, "GET", "/v1/customers/" + id).getString("name")).isEqualTo("Acme");

    JsonObject updated = rpc.ok(op, "PUT", "/v1/customers/" + id, new JsonObject().put("name", "Acme Ltd")
        .put("webhook_uri", "http://hooks.acme.test/v2"));
    assertThat(updated.getString("name")).isEqualTo("Acme Ltd");
    assertThat(updated.getString("webhook_uri")).isEqualTo("http://hooks.acme.test/v2");
    assertThat(updated.getString("email")).as("an absent field is left as it is").isEqualTo("admin@acme.test");

    JsonObject deleted = rpc.ok(op, "DELETE", "/v1/customers/" + id);
    assertThat(deleted.getString("tm_delete")).isNotEmpty();
    assertThat(deleted.getString("status")).isEqualTo("deleted");
    assertThat(TalkRpc.ids(rpc.ok(op, "GET", "/v1/customers?page_size=100"))).doesNotContain(id);
    assertThat(rpc.ok(op, "GET", "/v1/customers/" + id).getString("tm_delete")).isEqualTo(deleted.getString("tm_delete"));
    assertThat(rpc.ok(op, "DELETE", "/v1/customers/" + id).getString("tm_delete"))
        .as("deleting again answers it as it is").isEqualTo(deleted.getString("tm_delete"));
    assertRefused(rpc.call(op, "PUT", "/v1/customers/" + id, new JsonObject().put("name", "x")),
        Status.FAILED_PRECONDITION, "CUSTOMER_DELETED");
    assertRefused(rpc.get(op, "/v1/customers/" + UUID.randomUUID()), Status.NOT_FOUND, "CUSTOMER_NOT_FOUND");
  }

  @Test
  void aNewCustomersFirstAdminLogsInAndRunsItsCustomerAlone() {
    String username = "first-" + Names.lowercase(8);
    JsonObject created = rpc.ok(rpc.operator(), "POST", "/v1/customers", customer("Beta")
        .put("admin_username", username).put("admin_password", PASSWORD));
    Actor admin = rpc.login(username, PASSWORD);
    assertThat(admin.customerId().toString()).isEqualTo(created.getString("id"));
    assertThat(admin.isAdmin()).isTrue();
    Actor agent = rpc.newAgent(admin);
    assertThat(agent.customerId()).isEqualTo(admin.customerId());
    assertThat(rpc.ok(agent, "GET", "/v1/customer").getString("id")).isEqualTo(created.getString("id"));
  }

  @Test
  void aTakenAdminUsernameCreatesNoCustomer() {
    String taken = "taken-" + Names.lowercase(8);
    rpc.ok(rpc.admin(), "POST", "/v1/agents", new JsonObject().put("username", taken).put("password", PASSWORD));
    List<String> before = TalkRpc.ids(rpc.ok(rpc.operator(), "GET", "/v1/customers?page_size=100"));
    assertRefused(rpc.call(rpc.operator(), "POST", "/v1/customers", customer("Gamma").put("admin_username", taken)
        .put("admin_password", PASSWORD)), Status.ALREADY_EXISTS, "USERNAME_TAKEN");
    assertThat(TalkRpc.ids(rpc.ok(rpc.operator(), "GET", "/v1/customers?page_size=100"))).isEqualTo(before);
  }

  @Test
  void adminUsernameAndPasswordGoTogether() {
    assertRefused(rpc.call(rpc.operator(), "POST", "/v1/customers", customer("Half").put("admin_username", "half")),
        Status.INVALID_ARGUMENT, "MISSING_FIELD");
  }

  @ParameterizedTest(name = "{0} {1} by a customer admin: 403")
  @CsvSource({"GET, /v1/customers", "POST, /v1/customers", "GET, /v1/customers/ID", "PUT, /v1/customers/ID",
      "DELETE, /v1/customers/ID"})
  void customerAdminsAndAgentsGet403OnCustomers(String method, String path) {
    String uri = path.replace("ID", rpc.admin().customerId().toString());
    JsonObject body = method.equals("GET") || method.equals("DELETE") ? null : customer("Mine");
    for (Actor caller : List.of(rpc.admin(), rpc.alice())) {
      assertRefused(rpc.call(caller, method, uri, body), Status.PERMISSION_DENIED, "PLATFORM_OPERATOR_REQUIRED");
    }
    assertThat(rpc.ok(rpc.admin(), "GET", "/v1/customer").getString("tm_delete")).isEmpty();
  }

  @Test
  void forgedOperatorBitsOutsideThePlatformCustomerAreRefused() {
    // A token cannot carry bits its agent row lacks, but talk-manager does not rely on it: the row is checked.
    Actor forgedInCustomer = Actor.agent(rpc.admin().customerId(), rpc.admin().ownerId(), 0x01 | 0x70);
    Actor forgedInPlatform = Actor.agent(Customer.PLATFORM_ID, rpc.admin().ownerId(), 0x01);
    for (Actor forged : List.of(forgedInCustomer, forgedInPlatform)) {
      assertRefused(rpc.get(forged, "/v1/customers"), Status.PERMISSION_DENIED, "PLATFORM_OPERATOR_REQUIRED");
    }
  }

  @ParameterizedTest(name = "a customer admin creating an agent with permission {0}: 400, nothing made")
  @ValueSource(longs = {1, 2, 4, 8, 15, 17, 0x71, 65535})
  void noCustomerAdminGrantsProjectPermission(long permission) {
    String username = "escalate-" + permission + "-" + Names.lowercase(6);
    assertRefused(rpc.call(rpc.admin(), "POST", "/v1/agents", new JsonObject().put("username", username)
        .put("password", PASSWORD).put("permission", permission)), Status.INVALID_ARGUMENT, "INVALID_PERMISSION");
    assertRefused(rpc.call(null, "POST", "/v1/auth/login", new JsonObject().put("username", username)
        .put("password", PASSWORD)), Status.UNAUTHENTICATED, "INVALID_CREDENTIALS");
  }

  @Test
  void operatorReadsNoCustomersChatsMessagesOrAgents() {
    Actor op = rpc.operator();
    String chat = rpc.newChat(rpc.alice(), "talk", rpc.bob());
    String message = rpc.send(rpc.alice(), chat, "not for the operator");
    assertRefused(rpc.get(op, "/v1/chats/" + chat), Status.NOT_FOUND, "CHAT_NOT_FOUND");
    assertThat(rpc.call(op, "GET", "/v1/messages/" + message, null).statusCode()).isEqualTo(404);
    assertThat(rpc.call(op, "GET", "/v1/messages?chat_id=" + chat, null).statusCode()).isIn(403, 404);
    assertThat(TalkRpc.ids(rpc.ok(op, "GET", "/v1/channels"))).doesNotContain(chat);
    assertThat(rpc.call(op, "POST", "/v1/chats/" + chat + "/join", null).statusCode()).isEqualTo(404);
    assertRefused(rpc.get(op, "/v1/agents/" + rpc.alice().ownerId()), Status.NOT_FOUND, "AGENT_NOT_FOUND");
    assertThat(TalkRpc.ids(rpc.ok(op, "GET", "/v1/agents?page_size=100"))).containsExactly(op.ownerId().toString());
    assertRefused(rpc.call(op, "POST", "/v1/agents", new JsonObject().put("username", "op-made-" + Names.lowercase(6))
        .put("password", PASSWORD)), Status.PERMISSION_DENIED, "ADMIN_REQUIRED");
  }

  @Test
  void deletingACustomerDeletesItsAgentsSoNoneLogsIn() {
    String username = "doomed-" + Names.lowercase(8);
    JsonObject created = rpc.ok(rpc.operator(), "POST", "/v1/customers", customer("Doomed")
        .put("admin_username", username).put("admin_password", PASSWORD));
    Actor admin = rpc.login(username, PASSWORD);
    String agentName = "doomed-agent-" + Names.lowercase(6);
    rpc.ok(admin, "POST", "/v1/agents", new JsonObject().put("username", agentName).put("password", PASSWORD));
    rpc.ok(rpc.operator(), "DELETE", "/v1/customers/" + created.getString("id"));
    for (String name : List.of(username, agentName)) {
      assertRefused(rpc.call(null, "POST", "/v1/auth/login", new JsonObject().put("username", name)
          .put("password", PASSWORD)), Status.UNAUTHENTICATED, "INVALID_CREDENTIALS");
    }
    assertThat(rpc.call(admin, "GET", "/v1/me", null).data().toString()).as("its agents' rows are soft-deleted")
        .contains("\"tm_delete\":\"2");
    assertRefused(rpc.call(admin, "POST", "/v1/agents", new JsonObject().put("username", "late-" + Names.lowercase(6))
        .put("password", PASSWORD)), Status.FAILED_PRECONDITION, "CUSTOMER_DELETED");
  }

  @Test
  void thePlatformCustomerCannotBeDeleted() {
    assertRefused(rpc.call(rpc.operator(), "DELETE", "/v1/customers/" + Customer.PLATFORM_ID, null),
        Status.FAILED_PRECONDITION, "PLATFORM_CUSTOMER");
  }

  @Test
  void everyAgentReadsItsCustomerAndOnlyItsAdminsChangeIt() {
    Actor stranger = rpc.newCustomerAdmin();
    assertThat(rpc.ok(rpc.alice(), "GET", "/v1/customer").getString("id")).isEqualTo(rpc.admin().customerId().toString());
    assertRefused(rpc.call(rpc.alice(), "PUT", "/v1/customer", new JsonObject().put("name", "mine now")),
        Status.PERMISSION_DENIED, "ADMIN_REQUIRED");
    JsonObject changed = rpc.ok(stranger, "PUT", "/v1/customer", new JsonObject().put("webhook_method", "PUT")
        .put("webhook_uri", "https://stranger.test/hook").put("detail", "theirs"));
    assertThat(changed.getString("id")).isEqualTo(stranger.customerId().toString());
    assertThat(changed.getString("webhook_method")).isEqualTo("PUT");
    assertThat(rpc.ok(rpc.admin(), "GET", "/v1/customer").getString("webhook_uri"))
        .as("another customer is untouched").isNotEqualTo("https://stranger.test/hook");
    assertRefused(rpc.call(rpc.operator(), "PUT", "/v1/customer", new JsonObject().put("name", "x")),
        Status.PERMISSION_DENIED, "ADMIN_REQUIRED");
  }

  @ParameterizedTest(name = "{0} = {1}: 400 {2}")
  @CsvSource(delimiter = '|', value = {
      "webhook_method | PATCH | INVALID_WEBHOOK_METHOD",
      "webhook_method | post | INVALID_WEBHOOK_METHOD",
      "webhook_uri | ftp://acme.test/hook | INVALID_WEBHOOK_URI",
      "webhook_uri | /relative/hook | INVALID_WEBHOOK_URI",
      "webhook_uri | https:///no-host | INVALID_WEBHOOK_URI",
      "webhook_uri | not a url | INVALID_WEBHOOK_URI",
      "email | no-at-sign | INVALID_EMAIL",
      "email | two@at@signs | INVALID_EMAIL"})
  void fieldsAreChecked(String field, String value, String reason) {
    assertRefused(rpc.call(rpc.admin(), "PUT", "/v1/customer", new JsonObject().put(field, value)),
        Status.INVALID_ARGUMENT, reason);
    assertRefused(rpc.call(rpc.operator(), "POST", "/v1/customers", customer("Checked").put(field, value)),
        Status.INVALID_ARGUMENT, reason);
  }

  @ParameterizedTest(name = "{0} longer than {1}: 400 FIELD_TOO_LONG")
  @CsvSource({"name, 255", "detail, 4096", "email, 254", "phone_number, 64", "address, 1024", "webhook_uri, 2048"})
  void everyStringIsBounded(String field, int max) {
    String tooLong = field.equals("email") ? "a".repeat(max) + "@x.test"
        : field.equals("webhook_uri") ? "https://acme.test/" + "a".repeat(max) : "a".repeat(max + 1);
    assertRefused(rpc.call(rpc.admin(), "PUT", "/v1/customer", new JsonObject().put(field, tooLong)),
        Status.INVALID_ARGUMENT, "FIELD_TOO_LONG");
  }

  @Test
  void withoutAConfiguredOperatorNobodyManagesCustomers() {
    String username = "rotated-" + Names.lowercase(8);
    rpc.ensureOperator(username, PASSWORD);
    Actor op = rpc.login(username, PASSWORD);
    assertThat(rpc.call(op, "GET", "/v1/customers", null).statusCode()).isEqualTo(200);
    rpc.ensureOperator(null, null);
    assertRefused(rpc.get(op, "/v1/customers"), Status.PERMISSION_DENIED, "PLATFORM_OPERATOR_REQUIRED");
    assertRefused(rpc.call(null, "POST", "/v1/auth/login", new JsonObject().put("username", username)
        .put("password", PASSWORD)), Status.UNAUTHENTICATED, "INVALID_CREDENTIALS");
  }

  @Test
  void anOperatorNameTakenByACustomersAgentStopsTheStartAndPromotesNobody() {
    String taken = "customer-agent-" + Names.lowercase(8);
    rpc.ok(rpc.admin(), "POST", "/v1/agents", new JsonObject().put("username", taken).put("password", PASSWORD));
    assertThatThrownBy(() -> rpc.ensureOperator(taken, PASSWORD)).hasStackTraceContaining("TALK_PLATFORM_ADMIN_USERNAME");
    Actor agent = rpc.login(taken, PASSWORD);
    assertThat(agent.customerId()).isEqualTo(rpc.admin().customerId());
    assertThat(agent.permission() & 0x0F).isZero();
  }

  private static JsonObject customer(String name) {
    return new JsonObject().put("name", name).put("detail", "a customer").put("email", "admin@acme.test")
        .put("phone_number", "+14155551234").put("address", "1 Main St").put("webhook_method", "POST")
        .put("webhook_uri", "https://hooks.acme.test/talk");
  }
}
