package io.talkmesh.talkmanager.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.Test;

/** How a TALK_PG_URI becomes the list of servers talk-manager may connect to (libpq's multi-host form). */
class DatabaseServersTest {

  @Test
  void oneHostIsParsedExactlyAsVertxParsesIt() {
    String uri = "postgresql://talk:secret@db.example:6432/talk?sslmode=disable&application_name=tm";
    DatabaseServers servers = DatabaseServers.parse(uri);
    PgConnectOptions expected = PgConnectOptions.fromUri(uri);
    assertThat(servers.several()).isFalse();
    assertThat(servers.servers()).hasSize(1);
    assertThat(servers.servers().get(0).toJson()).isEqualTo(expected.toJson());
    assertThat(servers.jdbcUrl("talk")).isEqualTo("jdbc:postgresql://db.example:6432/talk");
  }

  @Test
  void severalHostsShareTheUserDatabaseAndParameters() {
    DatabaseServers servers = DatabaseServers.parse(
        "postgresql://talk:secret@10.0.0.1:5441,10.0.0.2:5442,db3/talk?application_name=tm");
    assertThat(servers.several()).isTrue();
    assertThat(servers.servers()).extracting(PgConnectOptions::getHost)
        .containsExactly("10.0.0.1", "10.0.0.2", "db3");
    assertThat(servers.servers()).extracting(PgConnectOptions::getPort).containsExactly(5441, 5442, 5432);
    for (PgConnectOptions server : servers.servers()) {
      assertThat(server.getUser()).isEqualTo("talk");
      assertThat(server.getPassword()).isEqualTo("secret");
      assertThat(server.getDatabase()).isEqualTo("talk");
      assertThat(server.getProperties()).containsEntry("application_name", "tm");
    }
    assertThat(servers).hasToString("10.0.0.1:5441,10.0.0.2:5442,db3:5432");
  }

  @Test
  void flywaysUrlAsksPgjdbcForThePrimaryWhenThereAreSeveral() {
    assertThat(DatabaseServers.parse("postgresql://postgres@127.0.0.1:5441,127.0.0.1:5442/talk").jdbcUrl("postgres"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5441,127.0.0.1:5442/postgres?targetServerType=primary");
  }

  @Test
  void anIpv6HostKeepsItsBracketsInTheJdbcUrl() {
    assertThat(DatabaseServers.parse("postgresql://postgres@[::1]:5441,127.0.0.1:5442/talk").jdbcUrl("talk"))
        .isEqualTo("jdbc:postgresql://[::1]:5441,127.0.0.1:5442/talk?targetServerType=primary");
  }

  @Test
  void anEmptyHostIsRefusedNamingTheVariableWithoutThePassword() {
    assertThatThrownBy(() -> DatabaseServers.parse("postgresql://talk:hunter2secret@h1:5441,,h2:5442/talk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TALK_PG_URI")
        .hasMessageNotContaining("hunter2secret");
  }

  @Test
  void aMalformedHostIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> DatabaseServers.parse("postgresql://talk:hunter2secret@h1:5441,h2:notaport/talk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TALK_PG_URI")
        .hasMessageNotContaining("hunter2secret");
  }
}
