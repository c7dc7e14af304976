package io.talkmesh.talkmanager.agent;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.rpc.RpcResponse;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may create agents, with what, and whose agents one may see, through the RPC routes. */
class AgentRulesIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  @ParameterizedTest(name = "permission {0} creating an agent: {1}")
  @CsvSource({"16, 403", "64, 403", "32, 200", "240, 200"})
  void onlyAdminsCreateAgents(long permission, int status) {
    Actor creator = rpc.newAgent(rpc.admin(), permission);
    RpcResponse created = rpc.call(creator, "POST", "/v1/agents", agent("made-by-" + permission + "-" + System.nanoTime()));
    assertThat(created.statusCode()).as("answer %s", created.data()).isEqualTo(status);
    if (status == 403) {
      assertRefused(created, Status.PERMISSION_DENIED, "ADMIN_REQUIRED");
    }
  }

  @Test
  void usernameIsTakenOnce() {
    rpc.ok(rpc.admin(), "POST", "/v1/agents", agent("same-name"));
    assertRefused(rpc.call(rpc.admin(), "POST", "/v1/agents", agent("same-name")), Status.ALREADY_EXISTS, "USERNAME_TAKEN");
  }

  @ParameterizedTest(name = "permission {0} is refused")
  @ValueSource(strings = {"-1", "1.5", "\"admin\""})
  void permissionMustBeANonNegativeInteger(String permission) {
    JsonObject body = agent("perm-" + System.nanoTime()).put("permission", new JsonObject("{\"p\":" + permission + "}").getValue("p"));
    assertRefused(rpc.call(rpc.admin(), "POST", "/v1/agents", body), Status.INVALID_ARGUMENT, "INVALID_FIELD");
  }

  @Test
  void passwordLongerThanBcryptTakesIsRefused() {
    JsonObject body = agent("long-" + System.nanoTime()).put("password", "p".repeat(Passwords.MAX_BYTES + 1));
    assertRefused(rpc.call(rpc.admin(), "POST", "/v1/agents", body), Status.INVALID_ARGUMENT, "PASSWORD_TOO_LONG");
  }

  @ParameterizedTest(name = "login as {0} with {1}: 401")
  @CsvSource({"login-user, wrong-password", "nobody-by-this-name, secret"})
  void wrongCredentialsGetOneAnswer(String username, String password) {
    rpc.call(rpc.admin(), "POST", "/v1/agents", agent("login-user"));
    assertRefused(rpc.call(null, "POST", "/v1/auth/login", new JsonObject().put("username", username)
        .put("password", password)), Status.UNAUTHENTICATED, "INVALID_CREDENTIALS");
  }

  @Test
  void agentsOfAnotherCustomerAreInvisible() {
    Actor stranger = rpc.newCustomerAdmin();
    Actor theirs = rpc.newAgent(stranger);
    assertRefused(rpc.get(rpc.admin(), "/v1/agents/" + theirs.ownerId()), Status.NOT_FOUND, "AGENT_NOT_FOUND");
    List<String> listed = new ArrayList<>();
    rpc.ok(rpc.admin(), "GET", "/v1/agents?page_size=100").getJsonArray("result")
        .forEach(a -> listed.add(((JsonObject) a).getString("id")));
    assertThat(listed).contains(rpc.admin().ownerId().toString()).doesNotContain(theirs.ownerId().toString(),
        stranger.ownerId().toString());
  }

  @Test
  void meIsTheActingAgentInItsOwnCustomer() {
    Actor stranger = rpc.newCustomerAdmin();
    Actor theirs = rpc.newAgent(stranger);
    assertThat(rpc.ok(theirs, "GET", "/v1/me").getString("id")).isEqualTo(theirs.ownerId().toString());
    assertThat(rpc.ok(theirs, "GET", "/v1/me").getString("customer_id")).isEqualTo(stranger.customerId().toString());
    assertThat(rpc.ok(rpc.admin(), "GET", "/v1/me").getString("id")).isEqualTo(rpc.admin().ownerId().toString());
    assertRefused(rpc.get(null, "/v1/me"), Status.UNAUTHENTICATED, "ACTOR_REQUIRED");
  }

  @Test
  void routesNeedAnActingIdentity() {
    assertRefused(rpc.get(null, "/v1/agents"), Status.UNAUTHENTICATED, "ACTOR_REQUIRED");
  }

  private static JsonObject agent(String username) {
    return new JsonObject().put("username", username).put("password", "secret").put("name", username);
  }
}
