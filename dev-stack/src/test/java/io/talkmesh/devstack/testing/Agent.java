package io.talkmesh.devstack.testing;

import io.talkmesh.devstack.system.HttpApi;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** An agent a test created through the public API, with its credentials and a token from logging in. */
public record Agent(String id, String name, String username, String password, String token, String customerId) {

  /**
   * Creates an agent of the admin's customer named {@code name} (a unique username and password derived from it) and
   * logs it in through the same gateway.
   */
  public static Agent create(HttpApi api, String adminToken, String name) {
    return create(api, adminToken, name, api);
  }

  /** The same, logged in through {@code loginVia} (another gateway of the mesh). */
  public static Agent create(HttpApi api, String adminToken, String name, HttpApi loginVia) {
    String username = name.toLowerCase().replace(' ', '-') + "-" + UUID.randomUUID();
    String password = "pw-" + UUID.randomUUID();
    HttpApi.Reply created = api.post("/v1.0/agents", adminToken, new JsonObject().put("username", username)
        .put("password", password).put("name", name).put("detail", ""));
    if (created.status() != 200) {
      throw new AssertionError("create agent " + username + ": expected 200, got " + created);
    }
    JsonObject json = created.json();
    return new Agent(json.getString("id"), name, username, password, loginVia.login(username, password),
        json.getString("customer_id"));
  }
}
