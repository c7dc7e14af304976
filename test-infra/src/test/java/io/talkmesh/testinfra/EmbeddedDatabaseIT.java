package io.talkmesh.testinfra;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDatabaseIT {

  @Test
  void createsDatabaseTableAndReadsBack() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start()) {
      assertThat(db.uri()).isEqualTo("postgresql://postgres@127.0.0.1:" + db.port() + "/postgres");

      try (Connection c = DriverManager.getConnection(db.jdbcUrl("postgres"));
           Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE talk_it");
      }

      UUID id = UUID.randomUUID();
      OffsetDateTime at = OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 6_000, ZoneOffset.UTC);
      try (Connection c = DriverManager.getConnection(db.jdbcUrl("talk_it"))) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE t (id uuid PRIMARY KEY, at timestamptz NOT NULL, doc jsonb NOT NULL)");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, at, doc) VALUES (?, ?, ?::jsonb)")) {
          p.setObject(1, id);
          p.setObject(2, at);
          p.setString(3, "{\"k\": [1, 2], \"s\": \"v\"}");
          assertThat(p.executeUpdate()).isEqualTo(1);
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, at, doc, doc->>'s' AS sv, version() AS v FROM t")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getObject("id", UUID.class)).isEqualTo(id);
          assertThat(rs.getObject("at", OffsetDateTime.class).toInstant()).isEqualTo(at.toInstant());
          assertThat(rs.getString("doc")).isEqualTo("{\"k\": [1, 2], \"s\": \"v\"}");
          assertThat(rs.getString("sv")).isEqualTo("v");
          assertThat(rs.getString("v")).startsWith("PostgreSQL 17");
        }
      }
    }
  }
}
