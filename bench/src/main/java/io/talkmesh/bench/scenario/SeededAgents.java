package io.talkmesh.bench.scenario;

import io.talkmesh.bench.mesh.Infra;
import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.model.Agent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Agents written straight into the agents table as copies of a model agent (same customer, permission and password
 * hash; one batch, no bcrypt), each with a token signed with the mesh's JWT secret, the claims the gateway would
 * issue. Thousands of same-customer agents this way take a second; through {@code POST /v1.0/agents} they would take
 * minutes.
 */
final class SeededAgents {
  private SeededAgents() {
  }

  /** Agents {@code <prefix>0} … {@code <prefix>(n-1)}, copies of the agent {@code modelId}. */
  static List<Population.BenchAgent> seed(Infra infra, Jwt jwt, String modelId, String prefix, int n) throws Exception {
    List<Population.BenchAgent> seeded = new ArrayList<>(n);
    try (Connection c = DriverManager.getConnection(infra.jdbcUrl())) {
      UUID customer;
      long permission;
      try (PreparedStatement model = c.prepareStatement("SELECT customer_id, permission FROM agents WHERE id = ?")) {
        model.setObject(1, UUID.fromString(modelId));
        try (ResultSet row = model.executeQuery()) {
          if (!row.next()) {
            throw new IllegalStateException("model agent " + modelId + " is not in the agents table");
          }
          customer = row.getObject(1, UUID.class);
          permission = row.getLong(2);
        }
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO agents (id, customer_id, username, password_hash,"
          + " name, detail, permission, tm_create, tm_update) SELECT ?, customer_id, ?, password_hash, ?, 'bench',"
          + " permission, now(), now() FROM agents WHERE id = ?")) {
        for (int i = 0; i < n; i++) {
          UUID id = UUID.randomUUID();
          String username = prefix + i;
          insert.setObject(1, id);
          insert.setString(2, username);
          insert.setString(3, username);
          insert.setObject(4, UUID.fromString(modelId));
          insert.addBatch();
          Instant now = Instant.now();
          Agent agent = new Agent(id, customer, username, username, "bench", permission, now, now, null);
          seeded.add(new Population.BenchAgent(id.toString(), username, jwt.issue(agent)));
        }
        insert.executeBatch();
      }
      c.commit();
    }
    return seeded;
  }
}
