package io.talkmesh.devstack;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class TestInfraIT {

  @Test
  void givesDistinctDatabasesAndPrefixes() throws Exception {
    TestInfra infra = TestInfra.get();
    assertThat(TestInfra.get()).isSameAs(infra);
    assertThat(infra.mode()).isIn("external", "embedded", "containers");
    assertThat(infra.amqpUri()).startsWith("amqp://");

    String db1 = infra.newDatabase();
    String db2 = infra.newDatabase();
    assertThat(db1).startsWith("postgresql://").isNotEqualTo(db2);
    String name1 = URI.create(db1).getPath().substring(1);
    String name2 = URI.create(db2).getPath().substring(1);
    assertThat(name1).matches("talk_t_[a-z]+");
    assertThat(name2).matches("talk_t_[a-z]+");
    assertThat(db1).isEqualTo(infra.pgUri(name1));

    // the database exists and is empty
    try (Connection c = DriverManager.getConnection(infra.jdbcUrl(name1));
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(
             "SELECT current_database(), count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                 + " GROUP BY 1 UNION ALL SELECT current_database(), 0 LIMIT 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(name1);
      assertThat(rs.getLong(2)).isZero();
    }

    String p1 = infra.newPrefix();
    String p2 = infra.newPrefix();
    assertThat(p1).matches("t[a-z]{8}\\.");
    assertThat(p2).matches("t[a-z]{8}\\.");
    assertThat(p1).isNotEqualTo(p2);
  }
}
