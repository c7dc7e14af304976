package io.talkmesh.talkmanager.agent;

import static io.talkmesh.talkmanager.TalkRpc.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.model.Actor;
import io.talkmesh.talkmanager.TalkRpc;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VoIPBIN's agent API through the RPC routes: who may change, delete, set the password, permission and status of an
 * agent, what an agent may change of itself, the bounds, and the access state services check tokens against.
 */
class AgentApiRulesIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  private static String path(Actor agent) {
    return "/v1/agents/" + agent.ownerId();
  }

  private static Actor as(Actor agent, String session) {
    return new Actor(agent.customerId(), agent.ownerType(), agent.ownerId(), agent.permission(), session);
  }

  @Test
  void anAgentIsWrittenInVoipbinsShapeWithDefaults() {
    JsonObject agent = rpc.ok(rpc.admin(), "GET", path(rpc.newAgent(rpc.admin())));
    assertThat(agent.getString("ring_method")).isEqualTo("ringall");
    assertThat(agent.getString("status")).isEqualTo("offline");
    assertThat(agent.getJsonArray("tag_ids")).isEmpty();
    assertThat(agent.getJsonArray("addresses")).isEmpty();
    assertThat(agent.getString("direct_hash")).isEmpty();
  }

  @Test
  void theFirstAdminIsVoipbinsCustomerAdmin() {
    assertThat(rpc.newCustomerAdmin().permission()).isEqualTo(32);
  }

  @Test
  void anAdminUpdatesAnAgentKeepingAbsentFields() {
    Actor agent = rpc.newAgent(rpc.admin());
    rpc.ok(rpc.admin(), "PUT", path(agent), new JsonObject().put("name", "n1").put("detail", "d1"));
    JsonObject updated = rpc.ok(rpc.admin(), "PUT", path(agent), new JsonObject().put("ring_method", "linear"));
    assertThat(updated.getString("name")).isEqualTo("n1");
    assertThat(updated.getString("detail")).isEqualTo("d1");
    assertThat(updated.getString("ring_method")).isEqualTo("linear");
  }

  @Test
  void aPlainAgentChangesNobodyElse() {
    Actor agent = rpc.newAgent(rpc.admin());
    Actor other = rpc.newAgent(rpc.admin());
    assertRefused(rpc.call(agent, "PUT", path(other), new JsonObject().put("name", "x")), Status.PERMISSION_DENIED, "ADMIN_REQUIRED");
    assertRefused(rpc.call(agent, "PUT", path(other) + "/password", new JsonObject().put("password", "pw-x")),
        Status.PERMISSION_DENIED, "ADMIN_REQUIRED");
    assertRefused(rpc.call(agent, "PUT", path(agent) + "/permission", new JsonObject().put("permission", 32)),
        Status.PERMISSION_DENIED, "ADMIN_REQUIRED");
    assertRefused(rpc.call(agent, "PUT", path(other) + "/status", new JsonObject().put("status", "away")),
        Status.PERMISSION_DENIED, "ADMIN_REQUIRED");
    assertRefused(rpc.call(agent, "DELETE", path(other), null), Status.PERMISSION_DENIED, "ADMIN_REQUIRED");
    Actor manager = rpc.newAgent(rpc.admin(), 64);
    assertRefused(rpc.call(manager, "PUT", path(manager) + "/permission", new JsonObject().put("permission", 32)),
        Status.PERMISSION_DENIED, "ADMIN_REQUIRED");
    assertThat(rpc.ok(rpc.admin(), "GET", path(other)).getString("name")).isEmpty();
  }

  @Test
  void anotherCustomersAgentIsNotFoundForEveryRoute() {
    Actor stranger = rpc.newCustomerAdmin();
    Actor theirs = rpc.newAgent(stranger);
    assertRefused(rpc.call(rpc.admin(), "PUT", path(theirs), new JsonObject().put("name", "x")), Status.NOT_FOUND, "AGENT_NOT_FOUND");
    assertRefused(rpc.call(rpc.admin(), "PUT", path(theirs) + "/password", new JsonObject().put("password", "pw-x")),
        Status.NOT_FOUND, "AGENT_NOT_FOUND");
    assertRefused(rpc.call(rpc.admin(), "PUT", path(theirs) + "/permission", new JsonObject().put("permission", 0)),
        Status.NOT_FOUND, "AGENT_NOT_FOUND");
    assertRefused(rpc.call(rpc.admin(), "PUT", path(theirs) + "/status", new JsonObject().put("status", "busy")),
        Status.NOT_FOUND, "AGENT_NOT_FOUND");
    assertRefused(rpc.call(rpc.admin(), "DELETE", path(theirs), null), Status.NOT_FOUND, "AGENT_NOT_FOUND");
    assertThat(rpc.ok(stranger, "GET", path(theirs)).getLong("permission")).isEqualTo(16);
  }

  @ParameterizedTest(name = "permission {0} cannot be given")
  @ValueSource(longs = {1, 15, 65535, 48, 112, 17, 128})
  void onlyACustomersRolesCanBeGiven(long permission) {
    Actor agent = rpc.newAgent(rpc.admin());
    assertRefused(rpc.call(rpc.admin(), "PUT", path(agent) + "/permission", new JsonObject().put("permission", permission)),
        Status.INVALID_ARGUMENT, "INVALID_PERMISSION");
    assertRefused(rpc.call(rpc.admin(), "POST", "/v1/agents", new JsonObject().put("username", "p-" + System.nanoTime())
        .put("password", "secret").put("permission", permission)), Status.INVALID_ARGUMENT, "INVALID_PERMISSION");
  }

  @Test
  void anAdminSetsPermissionAndStatus() {
    Actor agent = rpc.newAgent(rpc.admin());
    assertThat(rpc.ok(rpc.admin(), "PUT", path(agent) + "/permission", new JsonObject().put("permission", 64))
        .getLong("permission")).isEqualTo(64);
    assertThat(rpc.ok(rpc.admin(), "PUT", path(agent) + "/status", new JsonObject().put("status", "busy"))
        .getString("status")).isEqualTo("busy");
    assertRefused(rpc.call(rpc.admin(), "PUT", path(agent) + "/status", new JsonObject().put("status", "")),
        Status.INVALID_ARGUMENT, "INVALID_STATUS");
    assertRefused(rpc.call(rpc.admin(), "PUT", path(agent) + "/status", new JsonObject().put("status", "napping")),
        Status.INVALID_ARGUMENT, "INVALID_STATUS");
    assertRefused(rpc.call(rpc.admin(), "PUT", path(agent), new JsonObject().put("ring_method", "random")),
        Status.INVALID_ARGUMENT, "INVALID_RING_METHOD");
  }

  @Test
  void theLastAdminKeepsItsRoleAndNoAdminDeletesItself() {
    Actor admin = rpc.newCustomerAdmin();
    assertRefused(rpc.call(admin, "PUT", path(admin) + "/permission", new JsonObject().put("permission", 16)),
        Status.FAILED_PRECONDITION, "LAST_ADMIN");
    assertRefused(rpc.call(admin, "DELETE", path(admin), null), Status.FAILED_PRECONDITION, "CANNOT_DELETE_SELF");
    Actor second = rpc.newAgent(admin, 240);
    rpc.ok(admin, "PUT", path(admin) + "/permission", new JsonObject().put("permission", 16));
    assertRefused(rpc.call(second, "PUT", path(second) + "/permission", new JsonObject().put("permission", 64)),
        Status.FAILED_PRECONDITION, "LAST_ADMIN");
    JsonObject deleted = rpc.ok(second, "DELETE", path(admin));
    assertThat(deleted.getString("tm_delete")).isNotEmpty();
    assertRefused(rpc.call(second, "PUT", path(admin), new JsonObject().put("name", "ghost")), Status.NOT_FOUND,
        "AGENT_NOT_FOUND");
  }

  @Test
  void anAgentChangesItselfOnly() {
    Actor agent = rpc.newAgent(rpc.admin());
    JsonObject me = rpc.ok(agent, "PUT", "/v1/me", new JsonObject().put("name", "me").put("detail", "mine")
        .put("ring_method", "linear"));
    assertThat(me.getString("id")).isEqualTo(agent.ownerId().toString());
    assertThat(me.getString("ring_method")).isEqualTo("linear");
    assertThat(rpc.ok(agent, "PUT", "/v1/me/status", new JsonObject().put("status", "away")).getString("status"))
        .isEqualTo("away");
    assertRefused(rpc.call(agent, "PUT", "/v1/me", new JsonObject().put("name", "n".repeat(4097))),
        Status.INVALID_ARGUMENT, "FIELD_TOO_LONG");
    assertRefused(rpc.call(agent, "PUT", "/v1/me/password", new JsonObject().put("password", "p".repeat(73))),
        Status.INVALID_ARGUMENT, "PASSWORD_TOO_LONG");
    assertRefused(rpc.call(agent, "PUT", "/v1/me/password", new JsonObject()), Status.INVALID_ARGUMENT, "MISSING_FIELD");
    // a permission in the body of /me is not a field of it: it changes nothing
    rpc.ok(agent, "PUT", "/v1/me", new JsonObject().put("permission", 32));
    assertThat(rpc.ok(rpc.admin(), "GET", path(agent)).getLong("permission")).isEqualTo(16);
  }

  @Test
  void theAccessStateFollowsPasswordPermissionAndDelete() {
    Actor agent = rpc.newAgent(rpc.admin());
    JsonObject before = rpc.ok(null, "GET", path(agent) + "/access");
    assertThat(before.getBoolean("deleted")).isFalse();
    assertThat(before.getLong("sessions_valid_after_ms")).isZero();
    rpc.ok(as(agent, "session-1"), "PUT", "/v1/me/password", new JsonObject().put("password", "pw-new"));
    JsonObject own = rpc.ok(null, "GET", path(agent) + "/access");
    assertThat(own.getString("sessions_kept")).isEqualTo("session-1");
    assertThat(own.getLong("sessions_valid_after_ms")).isPositive();
    assertThat(own.getLong("version")).isGreaterThan(before.getLong("version"));
    rpc.ok(rpc.admin(), "PUT", path(agent) + "/password", new JsonObject().put("password", "pw-admin"));
    JsonObject byAdmin = rpc.ok(null, "GET", path(agent) + "/access");
    assertThat(byAdmin.getString("sessions_kept")).isNull();
    assertThat(byAdmin.getLong("sessions_valid_after_ms")).isGreaterThanOrEqualTo(own.getLong("sessions_valid_after_ms"));
    rpc.ok(rpc.admin(), "PUT", path(agent) + "/permission", new JsonObject().put("permission", 0));
    assertThat(rpc.ok(null, "GET", path(agent) + "/access").getLong("permission")).isZero();
    rpc.ok(rpc.admin(), "DELETE", path(agent));
    assertThat(rpc.ok(null, "GET", path(agent) + "/access").getBoolean("deleted")).isTrue();
    assertThat(rpc.ok(null, "GET", "/v1/agents/" + java.util.UUID.randomUUID() + "/access").getBoolean("deleted")).isTrue();
    assertRefused(rpc.call(rpc.admin(), "DELETE", path(agent), null), Status.NOT_FOUND, "AGENT_NOT_FOUND");
  }

  @Test
  void aStatusOrProfileChangeLeavesAccessAlone() {
    Actor agent = rpc.newAgent(rpc.admin());
    long version = rpc.ok(null, "GET", path(agent) + "/access").getLong("version");
    rpc.ok(agent, "PUT", "/v1/me/status", new JsonObject().put("status", "busy"));
    rpc.ok(rpc.admin(), "PUT", path(agent), new JsonObject().put("name", "renamed"));
    assertThat(rpc.ok(null, "GET", path(agent) + "/access").getLong("version")).isEqualTo(version);
  }
}
